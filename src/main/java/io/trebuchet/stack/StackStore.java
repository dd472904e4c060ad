package io.trebuchet.stack;

import io.trebuchet.core.AppName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.StackName;
import io.trebuchet.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of stacks. Members are the applications that name a stack; the caller passes them in. */
final class StackStore {
    List<Stack> list(Handle handle, Map<StackName, List<AppName>> members) {
        return handle.createQuery(
                        "select name, description, template_values, created_at, updated_at from stacks order by name")
                .map((row, ctx) -> stack(row, members))
                .list();
    }

    Optional<Stack> find(Handle handle, StackName name, Map<StackName, List<AppName>> members) {
        return list(handle, members).stream()
                .filter(stack -> stack.name().equals(name))
                .findFirst();
    }

    void insert(Handle handle, StackName name, StackDefinition definition, Instant now) {
        handle.createUpdate("""
                        insert into stacks (name, description, template_values, created_at, updated_at)
                        values (:name, :description, :values, :now, :now)
                        """)
                .bind("name", name.value())
                .bind("description", definition.description().orElse(null))
                .bind("values", Json.write(definition.values()))
                .bind("now", now)
                .execute();
    }

    void update(Handle handle, StackName name, StackDefinition definition, Instant now) {
        handle.createUpdate("""
                        update stacks set description = :description, template_values = :values, updated_at = :now
                        where name = :name
                        """)
                .bind("name", name.value())
                .bind("description", definition.description().orElse(null))
                .bind("values", Json.write(definition.values()))
                .bind("now", now)
                .execute();
    }

    int delete(Handle handle, StackName name) {
        return handle.createUpdate("delete from stacks where name = :name")
                .bind("name", name.value())
                .execute();
    }

    @SuppressWarnings("unchecked")
    private static Stack stack(ResultSet row, Map<StackName, List<AppName>> members) throws SQLException {
        StackName name = new StackName(row.getString("name"));
        return new Stack(
                name,
                Rows.optionalString(row, "description"),
                Json.read(row.getString("template_values"), Map.class, ErrorCode.INTERNAL_ERROR, "stored stack values"),
                members.getOrDefault(name, List.of()),
                Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"));
    }
}
