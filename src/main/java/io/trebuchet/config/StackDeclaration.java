package io.trebuchet.config;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.stack.StackDefinition;
import java.util.Map;
import java.util.Optional;

/** One stack of a platform directory ({@code stacks/*.yaml}): its name, description and shared values. */
public record StackDeclaration(StackName name, Optional<String> description, Map<String, Object> values) {
    public StackDeclaration {
        if (name == null) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_STACK_NAME, "stack name is missing", Map.of("field", "name"));
        }
        StackDefinition definition = new StackDefinition(description, values);
        description = definition.description();
        values = definition.values();
    }

    public StackDefinition definition() {
        return new StackDefinition(description, values);
    }
}
