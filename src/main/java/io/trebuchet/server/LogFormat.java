package io.trebuchet.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * How the server writes its log: {@code text} for people, {@code json} (one object per line, logback's JSON encoder)
 * for log collectors. The bundled {@code logback.xml} picks the format from {@code TREBUCHET_LOG_FORMAT} as soon as
 * anything logs; {@link #apply()} switches to the format that {@code serve --log-format} asks for.
 */
public enum LogFormat {
    TEXT,
    JSON;

    /** The one appender of the bundled configuration, whatever the format. */
    private static final String APPENDER = "console";

    /**
     * Reloads the bundled configuration with this format unless logging already uses it. A configuration of the
     * operator's own ({@code -Dlogback.configurationFile}) is left alone.
     */
    public void apply() {
        if (System.getProperty("logback.configurationFile") != null
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Appender<ILoggingEvent> console =
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
        if (console instanceof OutputStreamAppender<ILoggingEvent> stream
                && (stream.getEncoder() instanceof JsonEncoder) == (this == JSON)) {
            return;
        }
        URL configuration = LogFormat.class.getResource("/logback.xml");
        if (configuration == null) {
            return;
        }
        context.reset();
        context.putProperty("TREBUCHET_LOG_FORMAT", name().toLowerCase(Locale.ROOT));
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            throw new TrebuchetException(ErrorCode.INTERNAL_ERROR, "cannot configure logging: " + e.getMessage(), e);
        }
    }
}
