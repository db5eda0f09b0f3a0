package dev.dovs.cli;

import dev.dovs.events.Intent;
import dev.dovs.events.model.Impairment;
import dev.dovs.events.model.Validation;
import picocli.CommandLine.ArgGroup;
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

        @Option(names = "--name", required = true, description = "The guest's name, or its namespace name.")
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

        @Option(names = "--name", required = true, description = "The node's name.")
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
    static final class Netem implements Callable<Integer> {
        @ParentCommand
        Dovs root;

        @Parameters(index = "0", paramLabel = "GUEST", description = "The guest's name, or its namespace name.")
        String guest;

        static final class Shape {
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
        }

        static final class Choice {
            @ArgGroup(exclusive = false)
            Shape shape;

            @Option(names = "--clear", required = true, description = "Remove the impairment.")
            boolean clear;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Choice choice;

        @Mixin
        SubmitOptions submit;

        @Override
        public Integer call() {
            Validation.name("guest", root.home().naming().guestFromNameOrNetns(guest)); // syntax: name or alias
            Impairment impairment = null;
            if (!choice.clear) {
                Shape s = choice.shape;
                impairment = new Impairment(s.delay == null ? 0 : s.delay, s.jitter == null ? 0 : s.jitter,
                        s.loss == null ? 0 : s.loss, s.rate);
            }
            root.checkLabAndRoot();
            return Commands.submit(root, new Intent.Netem(guest, impairment), submit);
        }
    }

    @Command(name = "completion", description = "Print the bash completion script for dovs (generated from the "
            + "command model). Install: dovs completion > /etc/bash_completion.d/dovs")
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
