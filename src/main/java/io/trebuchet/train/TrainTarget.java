package io.trebuchet.train;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;

/** Where a train goes: one environment, or every environment of a group. */
public sealed interface TrainTarget {
    String describe();

    record Environment(EnvName name) implements TrainTarget {
        public Environment {
            requireNonNull(name, "name is null");
        }

        @Override
        public String describe() {
            return "environment " + name;
        }
    }

    record Group(GroupName name) implements TrainTarget {
        public Group {
            requireNonNull(name, "name is null");
        }

        @Override
        public String describe() {
            return "environment group " + name;
        }
    }
}
