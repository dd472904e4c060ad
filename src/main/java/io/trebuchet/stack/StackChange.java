package io.trebuchet.stack;

import static java.util.Objects.requireNonNull;

/** The outcome of declaring a stack: the stack now, and whether it was created or changed. */
public record StackChange(Stack stack, boolean created, boolean changed) {
    public StackChange {
        requireNonNull(stack, "stack is null");
    }
}
