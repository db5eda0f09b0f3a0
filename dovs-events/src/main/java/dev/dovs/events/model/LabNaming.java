package dev.dovs.events.model;

import java.util.regex.Pattern;

/**
 * How a lab's resources are named and marked on the host. The default lab keeps the original tool's names
 * (container = node name, namespace {@code dovs-<guest>}, networks {@code dovs-mgmt}/{@code dovs-int}); any other lab
 * gets names that cannot clash with them or with each other (lab names have no '-', node names no '.').
 */
public record LabNaming(String lab) {
    public static final String DEFAULT_LAB = "default";
    public static final String BRIDGE = "br-int";
    public static final String GUEST_IFNAME = "eth0";
    /** Docker label carried by every container and network dovs creates. */
    public static final String LABEL_LAB = "dovs.lab";
    public static final String LABEL_NODE = "dovs.node";
    /** OVS external_ids key carried by every bridge and port dovs creates. */
    public static final String OVS_MARK = "dovs-lab";

    private static final Pattern LAB = Pattern.compile("[a-z][a-z0-9]{0,5}");

    public LabNaming {
        if (!DEFAULT_LAB.equals(lab) && (lab == null || !LAB.matcher(lab).matches())) {
            throw new IllegalArgumentException("invalid lab name '" + lab
                    + "': use 1-6 lowercase letters or digits, starting with a letter (or 'default')");
        }
    }

    public static LabNaming defaultLab() {
        return new LabNaming(DEFAULT_LAB);
    }

    public boolean isDefault() {
        return DEFAULT_LAB.equals(lab);
    }

    /**
     * A dovs command line to print as a hint, runnable as printed for this lab: {@code "dovs " + args} for the default
     * lab (the original tool's text, e.g. {@code dovs clean}), {@code "dovs --lab LAB " + args} for any other, so
     * that pasting it does not act on the default lab. The one place every hint naming a lab's command is built.
     *
     * @param args the subcommand and its arguments, e.g. {@code "clean"} or {@code "wait " + intentId}
     */
    public String command(String args) {
        return isDefault() ? "dovs " + args : "dovs --lab " + lab + " " + args;
    }

    /**
     * The lab a namespace name belongs to ({@link #netns}'s inverse): {@code dovs-G} is the default lab's,
     * {@code dovsLAB-G} lab LAB's; empty for a name dovs does not give.
     */
    public static java.util.Optional<LabNaming> ofNetns(String netns) {
        int dash = netns.indexOf('-');
        if (!netns.startsWith("dovs") || dash < 4) {
            return java.util.Optional.empty();
        }
        String lab = netns.substring(4, dash);
        if (DEFAULT_LAB.equals(lab)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new LabNaming(lab.isEmpty() ? DEFAULT_LAB : lab));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    public String container(String node) {
        return isDefault() ? node : lab + "." + node;
    }

    public String netnsPrefix() {
        return isDefault() ? "dovs-" : "dovs" + lab + "-";
    }

    public String netns(String guest) {
        return netnsPrefix() + guest;
    }

    /**
     * Accepts a guest name or, for compatibility with the original, its namespace name: the name itself when it has
     * not this lab's namespace form, else the name it is the namespace of. Syntax only: which guest a command names
     * is {@link #resolveGuest}'s answer.
     */
    public String guestFromNameOrNetns(String nameOrNetns) {
        return nameOrNetns.startsWith(netnsPrefix()) ? nameOrNetns.substring(netnsPrefix().length()) : nameOrNetns;
    }

    /**
     * The one rule by which every command that names a guest finds it (del-guest, move-guest, netem, exec,
     * {@code info --guest-name}, and the decider for intents already in a log): an exact guest name always wins;
     * otherwise a namespace name ({@link #netns}, the original tool's way of naming a guest) stands for the guest it
     * is the namespace of. The alias is unambiguous because no guest name may have the namespace form
     * ({@link #guestNameProblem}); a log written before that rule may hold such a guest, and then its exact name
     * still wins over the alias.
     *
     * @param nameOrNetns what the user typed (or an intent of the log carries)
     * @param exists      whether a guest of that exact name exists
     * @return the canonical guest name, or empty when neither rule finds a guest
     */
    public java.util.Optional<String> resolveGuest(String nameOrNetns, java.util.function.Predicate<String> exists) {
        if (nameOrNetns == null) {
            return java.util.Optional.empty();
        }
        if (exists.test(nameOrNetns)) {
            return java.util.Optional.of(nameOrNetns);
        }
        String stripped = guestFromNameOrNetns(nameOrNetns);
        return !stripped.equals(nameOrNetns) && exists.test(stripped) ? java.util.Optional.of(stripped)
                : java.util.Optional.empty();
    }

    /**
     * Why {@code guest} cannot name a new guest of this lab, or null. A name of the lab's namespace form
     * ({@code dovs-…} in the default lab, {@code dovs<lab>-…} in another) is refused: it would be both a guest's name
     * and another guest's namespace name, so a command naming it could mean either. The rule is on the name alone
     * (rather than on the guests that exist) so that it does not depend on the order guests are added in: with it,
     * adding {@code a} after {@code dovsu1-a} is as impossible as the reverse, and an alias can never be ambiguous.
     */
    public String guestNameProblem(String guest) {
        if (guest != null && guest.startsWith(netnsPrefix())) {
            return "guest name " + guest + " has the form of lab " + lab + "'s namespace names (" + netnsPrefix()
                    + "<guest>), which commands accept for the guest they belong to: choose a name not starting with "
                    + netnsPrefix();
        }
        return null;
    }

    public String mgmtNetwork() {
        return (isDefault() ? "dovs" : "dovs" + lab) + "-mgmt";
    }

    public String intNetwork() {
        return (isDefault() ? "dovs" : "dovs" + lab) + "-int";
    }

    /** The nova naming convention netvirt binds on: "tap" + the first 11 characters of the port uuid. */
    public static String tap(String portId) {
        return "tap" + portId.substring(0, 11);
    }
}
