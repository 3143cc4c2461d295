package org.jiked.child;

import java.util.ArrayList;
import java.util.List;

/**
 * Traffic-selector narrowing of RFC 7296 section 2.9: the responder answers with the subset of
 * what was proposed that its policy allows. An empty result means TS_UNACCEPTABLE.
 */
public final class TrafficSelectorNarrowing {
    private TrafficSelectorNarrowing() {}

    /** Every non-empty intersection of a proposed selector with a configured one, without duplicates. */
    public static List<TrafficSelector> narrow(List<TrafficSelector> proposed, List<TrafficSelector> configured) {
        List<TrafficSelector> out = new ArrayList<>();
        for (TrafficSelector p : proposed) {
            for (TrafficSelector c : configured) {
                TrafficSelector i = p.intersect(c);
                if (i != null && !out.contains(i)) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    /** True when every selector of {@code narrowed} lies within one of {@code offered}: what an initiator checks. */
    public static boolean isSubsetOf(List<TrafficSelector> narrowed, List<TrafficSelector> offered) {
        for (TrafficSelector n : narrowed) {
            if (offered.stream().noneMatch(n::isWithin)) {
                return false;
            }
        }
        return !narrowed.isEmpty();
    }
}
