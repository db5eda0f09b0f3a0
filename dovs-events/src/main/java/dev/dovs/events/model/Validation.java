package dev.dovs.events.model;

import java.util.regex.Pattern;

/** Syntax checks done before anything is submitted: names end up in container, namespace and OVS names. */
public final class Validation {
    public static final int MAX_NAME = 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?");

    private Validation() {
    }

    /** Node, guest, net and router names: letters, digits, '_' and '-', at most {@value #MAX_NAME} characters. */
    public static String name(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " name is required");
        }
        if (value.length() > MAX_NAME) {
            throw new IllegalArgumentException("invalid " + what + " name '" + value + "': at most " + MAX_NAME
                    + " characters");
        }
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + " name '" + value + "': use letters, digits, "
                    + "'_' and '-', starting with a letter or digit");
        }
        return value;
    }

    /**
     * A guest's MAC: six hex bytes {@code xx:xx:xx:xx:xx:xx}, in either case, that a NIC may use
     * ({@link AddressRules#macProblem}).
     *
     * @return the MAC in lowercase (how it is logged and set)
     * @throws IllegalArgumentException naming the MAC as given and the rule
     */
    public static String mac(String value) {
        String lower = value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
        if (lower == null || !MAC.matcher(lower).matches()) {
            throw new IllegalArgumentException("invalid MAC '" + value + "': expected six hex bytes "
                    + "xx:xx:xx:xx:xx:xx");
        }
        AddressRules.macProblem(lower).ifPresent(p -> {
            throw new IllegalArgumentException("invalid MAC '" + value + "': " + p);
        });
        return lower;
    }

    public static String uuid(String value) {
        if (value == null || !UUID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid port uuid '" + value + "'");
        }
        return value;
    }

    public static String image(String value) {
        if (value == null || !IMAGE.matcher(value).matches() || value.length() > 200) {
            throw new IllegalArgumentException("invalid image reference '" + value + "'");
        }
        return value;
    }
}
