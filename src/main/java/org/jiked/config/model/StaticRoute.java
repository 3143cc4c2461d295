package org.jiked.config.model;

/** {@code routing-options static route PREFIX next-hop st0.N}. */
public record StaticRoute(IpPrefix destination, int st0Unit) {}
