package dev.dovs.engine.verticle;

import dev.dovs.engine.core.ActionFailures;
import dev.dovs.engine.core.ActionRequest;
import dev.dovs.engine.core.Facts;
import dev.dovs.engine.core.NodeLocator;
import dev.dovs.engine.netns.NetnsDriver;
import dev.dovs.events.Action;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

import java.util.concurrent.Callable;

/**
 * A thin adapter between the event bus and one subsystem's driver: receives {@link ActionRequest}s on the
 * subsystem's address and replies with {@link Facts}, or fails with a one-line message.
 */
abstract class SubsystemVerticle extends VerticleBase {

    abstract Action.Subsystem subsystem();

    abstract Future<Facts> apply(Action action);

    /** Subsystems that report per-step detail (the ODL conversation) need the step id too. */
    Future<Facts> apply(ActionRequest request) {
        return apply(request.action());
    }

    @Override
    public Future<?> start() {
        return vertx.eventBus().<ActionRequest>consumer(subsystem().address(), this::handle).completion();
    }

    private void handle(Message<ActionRequest> msg) {
        Future<Facts> result;
        try {
            result = apply(msg.body());
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                msg.reply(ar.result());
            } else {
                boolean nothing = ar.cause() instanceof NetnsDriver.AlreadyExistsException
                        || ar.cause() instanceof CreatedNothingException
                        || ar.cause() instanceof dev.dovs.engine.docker.ForeignResourceException
                        || ar.cause() instanceof NodeLocator.NodeUnavailableException;
                msg.fail(nothing ? ActionFailures.CREATED_NOTHING : ActionFailures.MAY_HAVE_CREATED,
                        ActionFailures.message(ar.cause()));
            }
        });
    }

    /** Drivers that fork processes run here, never on the event loop; unordered so that stages run in parallel. */
    <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    static IllegalArgumentException unsupported(Action action) {
        return new IllegalArgumentException("action " + action.describe() + " is not handled here");
    }

    /** A failure that certainly left nothing behind. */
    static final class CreatedNothingException extends RuntimeException {
        CreatedNothingException(String message) {
            super(message);
        }
    }
}
