/**
 * Reading and printing Junos-style configuration text: the tokenizer shared by the {@code set} form
 * and the brace form, a parser for each form, the resulting statement tree
 * ({@link org.jiked.config.parse.Configuration}, {@link org.jiked.config.parse.ConfigNode}), and the
 * renderer for {@code show configuration} and {@code | display set}.
 */
package org.jiked.config.parse;
