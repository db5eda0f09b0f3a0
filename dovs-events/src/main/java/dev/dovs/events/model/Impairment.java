package dev.dovs.events.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a guest's link is impaired, as Linux {@code tc netem} does it (tc-netem(8)) on the egress of the guest's
 * {@code eth0}: every packet the guest sends is delayed by {@code delayMs} (± {@code jitterMs}, uniformly), dropped
 * with probability {@code lossPercent}, and the link is limited to {@code rate}. A ping's RTT therefore grows by
 * the delay once (the reply leaves the peer unimpaired).
 *
 * @param delayMs     added delay in milliseconds, 0-60000 (0: none)
 * @param jitterMs    delay variation in milliseconds, 0-60000, at most {@code delayMs}; needs a delay
 * @param lossPercent random loss in percent, 0-100, at most 3 decimals (0: none)
 * @param rate        rate limit in tc's syntax ({@code 10mbit}, {@code 512kbit}, {@code 1gbit}, {@code 100kbps}),
 *                    or null for none
 */
public record Impairment(int delayMs, int jitterMs, double lossPercent, String rate) {
    public static final int MAX_MS = 60_000;
    private static final Pattern RATE = Pattern.compile("[1-9][0-9]{0,9}(bit|kbit|mbit|gbit|tbit|bps|kbps|mbps|gbps"
            + "|tbps)");

    /**
     * @throws IllegalArgumentException for a value out of range, jitter without or above the delay, a malformed
     *                                  rate, or an impairment that changes nothing
     */
    public Impairment {
        if (delayMs < 0 || delayMs > MAX_MS) {
            throw new IllegalArgumentException("invalid delay " + delayMs + " ms: expected 0-" + MAX_MS);
        }
        if (jitterMs < 0 || jitterMs > MAX_MS) {
            throw new IllegalArgumentException("invalid jitter " + jitterMs + " ms: expected 0-" + MAX_MS);
        }
        if (jitterMs > delayMs) {
            throw new IllegalArgumentException("jitter " + jitterMs + " ms exceeds the delay " + delayMs + " ms");
        }
        if (!(lossPercent >= 0 && lossPercent <= 100)) {
            throw new IllegalArgumentException("invalid loss " + lossPercent + "%: expected 0-100");
        }
        if (Math.round(lossPercent * 1000) != lossPercent * 1000) {
            throw new IllegalArgumentException("invalid loss " + lossPercent + "%: at most 3 decimals");
        }
        if (rate != null) {
            rate = rate.toLowerCase(Locale.ROOT);
            if (!RATE.matcher(rate).matches()) {
                throw new IllegalArgumentException("invalid rate '" + rate + "': expected a number and a unit (bit, "
                        + "kbit, mbit, gbit, tbit, bps, kbps, mbps, gbps, tbps), e.g. 10mbit");
            }
        }
        if (delayMs == 0 && lossPercent == 0 && rate == null) {
            throw new IllegalArgumentException("an impairment needs a delay, a loss or a rate (to remove one: clear)");
        }
    }

    /** Loss as tc prints it: {@code 0.5}, {@code 10}. */
    public String lossText() {
        return lossPercent == Math.rint(lossPercent) ? String.valueOf((long) lossPercent)
                : java.math.BigDecimal.valueOf(lossPercent).stripTrailingZeros().toPlainString();
    }

    /** {@code delay 50ms jitter 5ms loss 1% rate 10mbit}, only the parts set. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (delayMs > 0) {
            b.append("delay ").append(delayMs).append("ms");
            if (jitterMs > 0) {
                b.append(" jitter ").append(jitterMs).append("ms");
            }
        }
        if (lossPercent > 0) {
            b.append(b.isEmpty() ? "" : " ").append("loss ").append(lossText()).append('%');
        }
        if (rate != null) {
            b.append(b.isEmpty() ? "" : " ").append("rate ").append(rate);
        }
        return b.toString();
    }
}
