package dev.dovs.engine.odl.fake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The value formats the fake checks (yang:uuid, yang:mac-address, inet:*, identityref, ints, booleans).
 * Input is lenient like yangtools (scalars are read as text); output is canonical (real booleans and numbers).
 */
record LeafType(Base base, Set<String> allowed, BigInteger min, BigInteger max) {

    enum Base { STRING, UUID, MAC, IP_PREFIX, IP_ADDRESS, BOOLEAN, INTEGER, IDENTITYREF, ENUM }

    private static final Pattern UUID_RE = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern MAC_RE = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    private static final Pattern V4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    static final LeafType STRING = simple(Base.STRING);
    static final LeafType UUID = simple(Base.UUID);
    static final LeafType MAC = simple(Base.MAC);
    static final LeafType IP_PREFIX = simple(Base.IP_PREFIX);
    static final LeafType IP_ADDRESS = simple(Base.IP_ADDRESS);
    static final LeafType BOOLEAN = simple(Base.BOOLEAN);
    static final LeafType INT64 = integer(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE));
    static final LeafType UINT16 = integer(BigInteger.ZERO, BigInteger.valueOf(65535));
    static final LeafType UINT32 = integer(BigInteger.ZERO, BigInteger.valueOf(4294967295L));
    static final LeafType UINT64 = integer(BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));

    private static LeafType simple(Base b) {
        return new LeafType(b, Set.of(), null, null);
    }

    static LeafType integer(BigInteger min, BigInteger max) {
        return new LeafType(Base.INTEGER, Set.of(), min, max);
    }

    static LeafType identities(String... qualified) {
        return new LeafType(Base.IDENTITYREF, Set.of(qualified), null, null);
    }

    static LeafType enumeration(String... names) {
        return new LeafType(Base.ENUM, Set.of(names), null, null);
    }

    /** @throws IllegalArgumentException with the reason when the value does not fit */
    Object parse(Object raw) {
        if (raw == null || raw instanceof JsonObject || raw instanceof JsonArray) {
            throw new IllegalArgumentException("expected a scalar value, got " + (raw == null ? "null" : raw));
        }
        String text = String.valueOf(raw);
        switch (base) {
            case BOOLEAN:
                if (!text.equals("true") && !text.equals("false")) {
                    throw new IllegalArgumentException("Invalid value '" + text + "' for boolean type. Allowed values are 'true' and 'false'");
                }
                return Boolean.valueOf(text);
            case INTEGER:
                BigInteger v;
                try {
                    v = new BigInteger(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Value '" + text + "' is not a valid integer");
                }
                if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                    throw new IllegalArgumentException("Value '" + text + "' is not in range " + min + ".." + max);
                }
                return v.bitLength() < 64 ? (Object) v.longValue() : v;
            case UUID:
                return check(UUID_RE.matcher(text).matches(), text, "yang:uuid");
            case MAC:
                return check(MAC_RE.matcher(text).matches(), text, "yang:mac-address");
            case IP_ADDRESS:
                return check(isIp(text), text, "inet:ip-address");
            case IP_PREFIX:
                return check(isPrefix(text), text, "inet:ip-prefix");
            case IDENTITYREF:
                return check(allowed.contains(text), text, "identityref " + allowed);
            case ENUM:
                return check(allowed.contains(text), text, "enumeration " + allowed);
            default:
                return text;
        }
    }

    private static String check(boolean ok, String text, String what) {
        if (!ok) {
            throw new IllegalArgumentException("Value '" + text + "' does not match " + what);
        }
        return text;
    }

    private static boolean isIp(String s) {
        return V4.matcher(s).matches() || (V6.matcher(s).matches() && s.length() <= 45);
    }

    private static boolean isPrefix(String s) {
        int slash = s.indexOf('/');
        if (slash < 0 || !s.substring(slash + 1).matches("[0-9]{1,3}")) {
            return false;
        }
        String ip = s.substring(0, slash);
        int len = Integer.parseInt(s.substring(slash + 1));
        return V4.matcher(ip).matches() ? len <= 32 : isIp(ip) && len <= 128;
    }
}
