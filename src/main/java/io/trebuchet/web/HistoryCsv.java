package io.trebuchet.web;

import io.trebuchet.audit.Event;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Json;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The event log as CSV (RFC 4180) for compliance: one line per event with its id, time, actor, kind, application,
 * environment and payload (JSON). Fields that a spreadsheet would run as a formula are prefixed with an apostrophe.
 */
final class HistoryCsv {
    static final String HEADER = "id,time,actor_name,actor_email,kind,application,environment,payload\r\n";

    private HistoryCsv() {}

    static String line(Event event) {
        return List.of(
                                Long.toString(event.id()),
                                event.time().toString(),
                                event.actor().name(),
                                event.actor().email(),
                                event.kind().name(),
                                event.application().map(AppName::value).orElse(""),
                                event.environment().map(EnvName::value).orElse(""),
                                Json.write(event.payload()))
                        .stream()
                        .map(HistoryCsv::field)
                        .collect(Collectors.joining(","))
                + "\r\n";
    }

    static String field(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.indexOf(',') >= 0
                || safe.indexOf('"') >= 0
                || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0
                || safe.startsWith(" ")
                || safe.endsWith(" ")) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
