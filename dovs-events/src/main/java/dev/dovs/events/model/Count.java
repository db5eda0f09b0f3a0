package dev.dovs.events.model;

/** How messages count things: {@code 1 node}, {@code 2 nodes}, {@code 0 nodes}. */
public final class Count {
    private Count() {
    }

    /**
     * @param n    how many
     * @param noun the singular noun; its plural adds {@code s} ({@code namespace} gives {@code namespaces})
     */
    public static String of(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }
}
