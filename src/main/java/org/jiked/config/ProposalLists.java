package org.jiked.config;

import java.util.List;
import java.util.function.Function;
import org.jiked.config.model.Keyword;
import org.jiked.config.model.ProposalSet;
import org.jiked.config.model.ProposalSets;
import org.jiked.config.parse.ConfigNode;

/**
 * The {@code proposals [ ... ]} or {@code proposal-set NAME} choice that IKE and IPsec policies
 * share: exactly one of the two, a set that expands to something jiked implements, and names
 * that resolve.
 */
final class ProposalLists {
    private ProposalLists() {}

    /**
     * Fills {@code out}; false after an error.
     *
     * @param expand what a proposal set stands for, in this policy's kind of proposal
     * @param max the most proposals a policy may name, with {@code policyKind} for the error
     */
    static <T> boolean fill(BuildContext ctx, ConfigNode n, Registry<T> proposals,
                            Function<ProposalSet, List<T>> expand, int max, String policyKind, List<T> out) {
        ConfigNode names = n.child("proposals");
        ConfigNode set = n.child("proposal-set");
        if (names != null && set != null) {
            ctx.error(set, "'proposal-set' and 'proposals' exclude each other; keep one");
            return false;
        }
        if (names == null && set == null) {
            ctx.error(n, "missing 'proposals' or 'proposal-set'");
            return false;
        }
        if (set != null) {
            ProposalSet ps = Keyword.lookup(ProposalSet.class, set.value());
            out.addAll(expand.apply(ps));
            if (out.isEmpty()) {
                ctx.error(set, "proposal-set " + ps.keyword() + " has no proposal jiked implements ("
                        + ProposalSets.whyEmpty(ps) + "); name your own proposals with 'proposals'");
                return false;
            }
            return true;
        }
        int count = names.values().size();
        if (count > max) {
            ctx.error(names, max, "too many proposals (" + count + "); " + policyKind + " takes at most " + max);
            return false;
        }
        boolean ok = true;
        for (int i = 0; i < count; i++) {
            T p = proposals.resolve(ctx, names, i);
            if (p == null) {
                ok = false;
            } else {
                out.add(p);
            }
        }
        return ok;
    }
}
