/**
 * The grammar of the configuration as data: a tree of
 * {@link org.jiked.config.schema.StatementDef statement definitions} rooted at
 * {@link org.jiked.config.schema.JikedSchema#ROOT}.
 */
package org.jiked.config.schema;
