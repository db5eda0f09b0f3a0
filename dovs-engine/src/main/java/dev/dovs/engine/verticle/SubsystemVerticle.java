package dev.dovs.engine.verticle;

import dev.dovs.engine.core.ActionFailures;
import dev.dovs.engine.core.ActionRequest;
import dev.dovs.engine.core.StepReply;
import dev.dovs.engine.core.NodeLocator;
import dev.dovs.engine.netns.NetnsDriver;
import dev.dovs.events.Action;
import dev.dovs.events.StepResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

import java.util.concurrent.Callable;

/**
 * A thin adapter between the event bus and one subsystem's driver: receives {@link ActionRequest}s on the
 * subsystem's address and replies with the action's typed {@link StepResult} (in a {@link StepReply}), or fails
 * with a one-line message. Controllers' verticles (in their own packages) extend it too.
 */
public abstract class SubsystemVerticle extends VerticleBase {

    protected abstract Action.Subsystem subsystem();

    protected abstract Future<StepResult> apply(Action action);

    /** Subsystems that report per-step detail (a controller conversation) need the step id too. */
    protected Future<StepResult> apply(ActionRequest request) {
        return apply(request.action());
    }

    @Override
    public Future<?> start() {
        return vertx.eventBus().<ActionRequest>consumer(subsystem().address(), this::handle).completion();
    }

    private void handle(Message<ActionRequest> msg) {
        Future<StepResult> result;
        try {
            result = apply(msg.body());
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                msg.reply(new StepReply(ar.result()));
            } else {
                boolean nothing = ar.cause() instanceof NetnsDriver.AlreadyExistsException
                        || ar.cause() instanceof NetnsDriver.RolledBackException
                        || ar.cause() instanceof CreatedNothingException
                        || ar.cause() instanceof dev.dovs.engine.docker.ForeignResourceException
                        || ar.cause() instanceof NodeLocator.NodeUnavailableException;
                msg.fail(nothing ? ActionFailures.CREATED_NOTHING : ActionFailures.MAY_HAVE_CREATED,
                        ActionFailures.message(ar.cause()));
            }
        });
    }

    /** Drivers that fork processes run here, never on the event loop; unordered so that stages run in parallel. */
    protected <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    protected static IllegalArgumentException unsupported(Action action) {
        return new IllegalArgumentException("action " + action.describe() + " is not handled here");
    }

    /** A failure that certainly left nothing behind. */
    public static final class CreatedNothingException extends RuntimeException {
        public CreatedNothingException(String message) {
            super(message);
        }
    }
}
