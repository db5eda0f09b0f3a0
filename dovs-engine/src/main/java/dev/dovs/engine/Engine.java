package dev.dovs.engine;

import dev.dovs.engine.controller.ControllerSettings;
import dev.dovs.engine.controller.Controllers;
import dev.dovs.engine.controller.EngineContext;
import dev.dovs.engine.controller.OverlayController;
import dev.dovs.events.Intent;
import dev.dovs.events.StepEvent;

import dev.dovs.engine.core.ActionRequest;
import dev.dovs.engine.core.StepReply;
import dev.dovs.engine.core.LocalCodec;
import dev.dovs.engine.core.NodeLocator;
import dev.dovs.engine.core.Orchestrator;
import dev.dovs.engine.docker.DockerDriver;
import dev.dovs.engine.docker.VertxDockerClient;
import dev.dovs.engine.exec.ProcessRunner;
import dev.dovs.engine.netns.IpNetnsDriver;
import dev.dovs.engine.ovs.VsctlOvsDriver;
import dev.dovs.engine.verticle.DockerVerticle;
import dev.dovs.engine.verticle.NetnsVerticle;
import dev.dovs.engine.verticle.OvsVerticle;
import dev.dovs.events.log.EventLog;
import dev.dovs.events.projection.LabProjection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** Wires one engine: the subsystem verticles over their real drivers, and the orchestrator. */
public final class Engine {

    /**
     * Timeouts, the docker socket and each controller's settings (credentials); defaults fit a loaded 2-core host.
     * The credentials live only here, in the engine's memory: intents and the log name a controller by its
     * endpoint alone.
     */
    public record Settings(String dockerSocket, Duration requestTimeout, Duration readyTimeout, Duration stepTimeout,
                           Duration commandTimeout, Map<Intent.ControllerKind, ControllerSettings> controllers) {
        public Settings {
            controllers = Map.copyOf(controllers);
        }

        public static Settings defaults() {
            return new Settings(VertxDockerClient.DEFAULT_SOCKET, Duration.ofSeconds(60), Duration.ofSeconds(90),
                    Duration.ofSeconds(180), Duration.ofSeconds(30), Map.of());
        }

        /** These settings with {@code controller}'s in place of any of the same kind. */
        public Settings with(ControllerSettings controller) {
            Map<Intent.ControllerKind, ControllerSettings> all = new java.util.EnumMap<>(Intent.ControllerKind.class);
            all.putAll(controllers);
            all.put(controller.kind(), controller);
            return new Settings(dockerSocket, requestTimeout, readyTimeout, stepTimeout, commandTimeout, all);
        }
    }

    private final Vertx vertx;
    private final Orchestrator orchestrator;
    private final String orchestratorDeployment;

    private Engine(Vertx vertx, Orchestrator orchestrator, String orchestratorDeployment) {
        this.vertx = vertx;
        this.orchestrator = orchestrator;
        this.orchestratorDeployment = orchestratorDeployment;
    }

    public static String version() {
        String v = Engine.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Starts an engine; the caller must hold the lab's {@link EngineLock}. {@code stopWhen} is checked after each
     * intent: the embedded engine of a CLI stops once its own intent has an outcome.
     */
    public static Future<Engine> start(Vertx vertx, LabHome home, EventLog log, Settings s, String mode,
                                       Predicate<LabProjection> stopWhen) {
        registerCodecs(vertx);
        DockerDriver docker = new VertxDockerClient(vertx, s.dockerSocket(), s.requestTimeout(), s.readyTimeout());
        ProcessRunner runner = new ProcessRunner(s.commandTimeout());
        Orchestrator orchestrator = new Orchestrator(log, home.naming(), mode, version(), s.stepTimeout(), stopWhen);
        VsctlOvsDriver ovs = new VsctlOvsDriver(runner);
        NodeLocator nodes = new NodeLocator(docker); // one, so that steps reuse the health probe's lookup
        Future<String> chain = vertx.deployVerticle(new DockerVerticle(docker, nodes))
                .compose(id -> vertx.deployVerticle(new OvsVerticle(ovs, docker, nodes)))
                .compose(id -> vertx.deployVerticle(new NetnsVerticle(new IpNetnsDriver(runner), nodes)));
        EngineContext context = new EngineContext(docker, ovs, s.controllers());
        for (OverlayController c : Controllers.all()) {
            for (io.vertx.core.Deployable v : c.verticles(context)) {
                chain = chain.compose(id -> vertx.deployVerticle(v));
            }
        }
        return chain
                .compose(id -> vertx.deployVerticle(orchestrator))
                .map(id -> new Engine(vertx, orchestrator, id));
    }

    /** The records that travel on the (local) event bus go by reference. Once per Vert.x instance. */
    public static void registerCodecs(Vertx vertx) {
        vertx.eventBus().registerDefaultCodec(ActionRequest.class, new LocalCodec<>(ActionRequest.class));
        vertx.eventBus().registerDefaultCodec(StepReply.class, new LocalCodec<>(StepReply.class));
        // what subsystems report of a step on the exchanges address (a controller conversation): every kind
        for (Class<?> c : StepEvent.class.getPermittedSubclasses()) {
            registerLocal(vertx, c);
        }
    }

    private static <T> void registerLocal(Vertx vertx, Class<T> type) {
        vertx.eventBus().registerDefaultCodec(type, new LocalCodec<>(type));
    }

    public Future<Void> finished() {
        return orchestrator.finished();
    }

    /** An intent was just appended to the log by this process: look for it now (see {@link Orchestrator#wake}). */
    public void wake() {
        orchestrator.wake();
    }

    /**
     * Stops the orchestrator first, while the subsystem verticles still answer, so that an intent in progress
     * finishes; then closes Vert.x. Blocking: call it from a non-Vert.x thread (closing Vert.x from one of its own
     * event loops never completes the returned future).
     */
    public void close() {
        try {
            vertx.undeploy(orchestratorDeployment).await();
        } catch (RuntimeException e) {
            // the orchestrator failed to stop cleanly; Vert.x is closed anyway
        }
        vertx.close().await();
    }
}
