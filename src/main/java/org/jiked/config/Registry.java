package org.jiked.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jiked.config.parse.ConfigNode;

/**
 * The objects of one kind (IKE proposals, IPsec policies, ...) by name, for resolving references.
 *
 * <p>A definition with errors is remembered as defined but not built: a reference to it is not
 * reported again as undefined, since the definition's own errors already explain the problem.
 */
final class Registry<T> {
    private final String kind;
    private final Map<String, T> built = new LinkedHashMap<>();
    private final Set<String> defined = new LinkedHashSet<>();

    /** @param kind how the objects are named in messages, e.g. "IKE proposal" */
    Registry(String kind) {
        this.kind = kind;
    }

    /** Records a definition; {@code value} is null if it had errors. */
    void define(String name, T value) {
        defined.add(name);
        if (value != null) {
            built.put(name, value);
        }
    }

    /**
     * Resolves value {@code index} of {@code ref}; null if it is undefined (reported) or broken
     * (reported where it is defined).
     */
    T resolve(BuildContext ctx, ConfigNode ref, int index) {
        String name = ref.values().get(index);
        T value = built.get(name);
        if (value == null && !defined.contains(name)) {
            String known = defined.isEmpty() ? "no " + kind + " is defined" : "defined: " + String.join(", ", defined);
            ctx.error(ref, index, kind + " '" + name + "' is not defined; " + known);
        }
        return value;
    }

    Map<String, T> built() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(built));
    }
}
