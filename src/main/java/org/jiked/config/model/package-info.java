/**
 * The typed configuration model: immutable records for proposals, policies, gateways and VPNs, and
 * enums for the Junos value keywords that carry the IANA numbers the IKE engine puts on the wire.
 */
package org.jiked.config.model;
