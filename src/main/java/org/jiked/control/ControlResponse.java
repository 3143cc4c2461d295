package org.jiked.control;

/**
 * A reply to one operational command.
 *
 * @param status {@link #OK} or {@link #ERROR}
 * @param body   text for the operator (plain or JSON, as the command asked)
 */
public record ControlResponse(int status, String body) {
    public static final int OK = 0;
    public static final int ERROR = 1;

    public ControlResponse {
        if (status != OK && status != ERROR) {
            throw new IllegalArgumentException("status must be 0 or 1: " + status);
        }
        body = body == null ? "" : body;
    }

    public static ControlResponse ok(String body) {
        return new ControlResponse(OK, body);
    }

    public static ControlResponse error(String body) {
        return new ControlResponse(ERROR, body);
    }

    public boolean isOk() {
        return status == OK;
    }
}
