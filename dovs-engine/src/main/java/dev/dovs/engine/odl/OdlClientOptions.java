package dev.dovs.engine.odl;

import java.time.Duration;

/**
 * Bounds for the client: the original had no HTTP timeout at all and a hard-coded 60 x 1 s binding wait.
 *
 * @param requestTimeout per request, until the first response byte
 * @param bindingTimeout how long {@link OdlClient#awaitBinding} polls before giving up
 * @param bindingPeriod  pause between two binding polls
 */
public record OdlClientOptions(Duration requestTimeout, Duration bindingTimeout, Duration bindingPeriod) {

    public static final OdlClientOptions DEFAULTS =
            new OdlClientOptions(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMillis(500));

    public OdlClientOptions {
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive");
        }
        if (bindingTimeout.isNegative() || bindingPeriod.isNegative() || bindingPeriod.isZero()) {
            throw new IllegalArgumentException("binding timeout must be >= 0 and binding period > 0");
        }
    }

    public OdlClientOptions withRequestTimeout(Duration d) {
        return new OdlClientOptions(d, bindingTimeout, bindingPeriod);
    }

    public OdlClientOptions withBinding(Duration timeout, Duration period) {
        return new OdlClientOptions(requestTimeout, timeout, period);
    }
}
