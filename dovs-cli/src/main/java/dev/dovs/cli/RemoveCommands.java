package dev.dovs.cli;

import dev.dovs.engine.DovsException;
import dev.dovs.events.Intent;
import dev.dovs.events.model.Impairment;
import dev.dovs.events.model.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code del-guest}, {@code del-node} and {@code netem}: thin, one intent each. */
final class RemoveCommands {
    private RemoveCommands() {
    }

    @Command(name = "del-guest", description = "Remove a guest: its port on the node's br-int and its namespace.")
    static final class DelGuest implements Callable<Integer> {
        @ParentCommand
        Dovs root;

        @Option(names = "--name", paramLabel = "G", required = true,
                description = "The guest's name, or its namespace name.")
        String name;

        @Mixin
        SubmitOptions submit;

        @Override
        public Integer call() {
            Validation.name("guest", root.home().naming().guestFromNameOrNetns(name)); // syntax: name or alias
            root.checkLabAndRoot();
            return Commands.submit(root, new Intent.DelGuest(name), submit); // canonicalised against the lab
        }
    }

    @Command(name = "del-node", description = "Remove a node: its container and the other nodes' tunnels to it. "
            + "A node with guests is refused unless --force, which removes them first.")
    static final class DelNode implements Callable<Integer> {
        @ParentCommand
        Dovs root;

        @Option(names = "--name", paramLabel = "N", required = true, description = "The node's name.")
        String name;

        @Option(names = "--force", description = "Remove the node's guests first.")
        boolean force;

        @Mixin
        SubmitOptions submit;

        @Override
        public Integer call() {
            Validation.name("node", name);
            root.checkLabAndRoot();
            return Commands.submit(root, new Intent.DelNode(name, force), submit);
        }
    }

    @Command(name = "netem", description = "Impair a guest's link with tc netem (on the egress of its eth0: the "
            + "guest's packets are delayed, dropped, rate-limited), or --clear it. Replaces any impairment it had.")
    static final class Netem implements Callable<Integer>, Validated {
        @ParentCommand
        Dovs root;

        @Parameters(index = "0", paramLabel = "GUEST", description = "The guest's name, or its namespace name.")
        String guest;

        // Plain options, not picocli arg groups: the rules below give one clear line each (an arg group's errors
        // name picocli's internals).
        @Option(names = "--delay", paramLabel = "MS", description = "Added delay in milliseconds, 0-60000.")
        Integer delay;

        @Option(names = "--jitter", paramLabel = "MS", description = "Delay variation in milliseconds (needs "
                + "--delay, at most the delay).")
        Integer jitter;

        @Option(names = "--loss", paramLabel = "PCT", description = "Random loss in percent, 0-100.")
        Double loss;

        @Option(names = "--rate", paramLabel = "RATE", description = "Rate limit in tc's syntax: 10mbit, 512kbit, "
                + "1gbit, 100kbps.")
        String rate;

        @Option(names = "--clear", description = "Remove the impairment (excludes the options above).")
        boolean clear;

        @Mixin
        SubmitOptions submit;

        /** The impairment the options ask for, null for --clear; checked here, before anything is done. */
        Impairment impairment() {
            boolean shaped = delay != null || jitter != null || loss != null || rate != null;
            if (clear && shaped) {
                throw new DovsException(DovsException.INVALID, "--clear excludes --delay, --jitter, --loss and --rate");
            }
            if (!clear && !shaped) {
                throw new DovsException(DovsException.INVALID, "netem needs --clear or at least one of --delay, "
                        + "--loss and --rate");
            }
            if (jitter != null && delay == null) {
                throw new DovsException(DovsException.INVALID, "--jitter needs --delay");
            }
            try {
                return clear ? null : new Impairment(delay == null ? 0 : delay, jitter == null ? 0 : jitter,
                        loss == null ? 0 : loss, rate);
            } catch (IllegalArgumentException e) {
                throw new DovsException(DovsException.INVALID, e.getMessage());
            }
        }

        @Override
        public void validate() {
            impairment();
        }

        @Override
        public Integer call() {
            Validation.name("guest", root.home().naming().guestFromNameOrNetns(guest)); // syntax: name or alias
            Impairment impairment = impairment();
            root.checkLabAndRoot();
            return Commands.submit(root, new Intent.Netem(guest, impairment), submit);
        }
    }

    @Command(name = "completion", description = "Print the bash completion script for dovs (generated from the "
            + "command model). Install: dovs completion > /usr/share/bash-completion/completions/dovs (setup does).")
    static final class Completion implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String script = picocli.AutoComplete.bash("dovs", spec.root().commandLine());
            spec.commandLine().getOut().print(script);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

}
