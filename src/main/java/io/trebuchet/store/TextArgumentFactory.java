package io.trebuchet.store;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.sql.Types;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * Binds text, refusing the NUL character: PostgreSQL cannot store it in {@code text}, so every store refuses it alike,
 * as bad input (400) rather than a database failure.
 */
final class TextArgumentFactory extends AbstractArgumentFactory<String> {
    TextArgumentFactory() {
        super(Types.VARCHAR);
    }

    @Override
    protected Argument build(String value, ConfigRegistry config) {
        if (value.indexOf('\0') >= 0) {
            throw new TrebuchetException(ErrorCode.INVALID_REQUEST, "text must not contain the NUL character (U+0000)");
        }
        return (position, statement, context) -> statement.setString(position, value);
    }
}
