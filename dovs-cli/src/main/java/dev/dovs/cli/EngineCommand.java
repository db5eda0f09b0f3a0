package dev.dovs.cli;

import picocli.CommandLine;

import dev.dovs.engine.DovsException;
import dev.dovs.engine.Engine;
import dev.dovs.engine.odl.OdlCredentials;
import dev.dovs.engine.EngineLock;
import dev.dovs.engine.LabClient;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "engine", description = "Run the lab's engine in the foreground until stopped (SIGTERM/Ctrl-C). "
        + "While it runs, commands only append their intent and wait (or return at once with --detach).")
final class EngineCommand implements Callable<Integer> {
    @ParentCommand
    Dovs root;

    @CommandLine.Mixin
    OdlOptions odl;

    @Override
    public Integer call() throws InterruptedException {
        OdlCredentials credentials = odl.credentialsOnly("engine"); // input first, then privileges
        root.checkLabAndRoot();
        Engine.Settings settings = root.settings().with(credentials);
        LabClient client = LabClient.open(root.home(), settings);
        Optional<EngineLock> lock = EngineLock.tryAcquire(root.home());
        if (lock.isEmpty()) {
            client.close();
            throw new DovsException(DovsException.ENVIRONMENT, "an engine already runs for lab "
                    + client.naming().lab() + EngineLock.holderPid(root.home()).map(p -> " (pid " + p + ")").orElse(""));
        }
        Vertx vertx = Vertx.vertx();
        Engine engine = Engine.start(vertx, root.home(), client.log(), settings, "daemon", s -> false).await();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            client.close();
            lock.get().close();
            stopped.countDown();
        }, "dovs-engine-stop"));
        root.spec.commandLine().getErr().println("dovs: engine for lab " + client.naming().lab() + " running (pid "
                + ProcessHandle.current().pid() + "); Ctrl-C stops it");
        stopped.await();
        return 0;
    }
}
