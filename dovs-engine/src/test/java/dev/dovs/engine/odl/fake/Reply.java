package dev.dovs.engine.odl.fake;

/** What the fake answers: status, JSON body (or null) and an optional Location header. */
record Reply(int status, String body, String location) {

    static Reply of(int status) {
        return new Reply(status, null, null);
    }

    static Reply json(int status, String body) {
        return new Reply(status, body, null);
    }

    static Reply error(RestconfError e) {
        return new Reply(e.status(), e.toJson().encode(), null);
    }
}
