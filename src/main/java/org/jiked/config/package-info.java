/**
 * The jiked configuration: a Junos-style file, in the {@code set} form or the brace form of
 * {@code show configuration}, read into a statement tree ({@link org.jiked.config.parse}), checked
 * against the statements jiked implements ({@link org.jiked.config.schema.JikedSchema}), and turned
 * into typed, resolved records ({@link org.jiked.config.model}).
 *
 * <p>Entry points: {@link org.jiked.config.SecurityConfig#load} and
 * {@link org.jiked.config.SecurityConfig#parse}, which throw a
 * {@link org.jiked.config.ConfigException} listing every problem, and
 * {@link org.jiked.config.ConfigCheck#run} for {@code jiked config check}.
 */
package org.jiked.config;
