"""PostgreSQL triggers for the type rules of models.md §5.2/§5.3.

``save()`` runs the same checks in Python on every backend; the triggers also
guard writes that bypass the model (``QuerySet.update``, raw SQL, other tools
sharing the database). One implementation, installed by the migration
``0003_postgres_type_triggers`` and after every ``migrate`` (so databases built
from the models, such as the test database, have them too). Idempotent.
"""

from __future__ import annotations

from typing import Any

#: HasType tables; Record additionally forbids nesting a type under a frame
TYPED_TABLES = ("feature", "schema", "record", "ulabel", "project", "reference")

_FUNCTION = """
CREATE OR REPLACE FUNCTION lamingui_check_{name}_type() RETURNS trigger AS $$
DECLARE
    parent RECORD;
    ancestor integer;
    depth integer := 0;
    space_uid text;
BEGIN
    SELECT id, is_type, space_id, _aux{schema_column} INTO parent
        FROM lamindb_{name} WHERE id = NEW.type_id;
    IF parent.id IS NULL OR NOT parent.is_type THEN
        RAISE EXCEPTION 'Cannot set type: {name} type must be a record with is_type = true';
    END IF;
    IF parent._aux IS NOT NULL AND parent._aux ? 'ss' THEN
        IF parent._aux->>'ss' = '1' THEN
            IF NEW.space_id <> parent.space_id THEN
                RAISE EXCEPTION 'Cannot set type: {name} space must match single-space type space';
            END IF;
        ELSE
            SELECT uid INTO space_uid FROM lamindb_space WHERE id = NEW.space_id;
            IF space_uid IS DISTINCT FROM parent._aux->>'ss' THEN
                RAISE EXCEPTION 'Cannot set type: {name} space must match single-space type space';
            END IF;
        END IF;
    END IF;
    IF NEW.type_id = NEW.id THEN
        RAISE EXCEPTION 'Cannot set type: {name} cannot be its own type';
    END IF;
    ancestor := NEW.type_id;
    WHILE ancestor IS NOT NULL AND depth < 100 LOOP
        SELECT type_id INTO ancestor FROM lamindb_{name} WHERE id = ancestor;
        IF ancestor = NEW.id THEN
            RAISE EXCEPTION 'Cannot set type: would create a cycle';
        END IF;
        depth := depth + 1;
    END LOOP;{schema_check}
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

_RECORD_SCHEMA_CHECK = """
    IF NEW.is_type AND parent.schema_id IS NOT NULL THEN
        RAISE EXCEPTION 'Cannot set type: a record type cannot be nested under a type with a schema';
    END IF;"""

_TRIGGER = """
DROP TRIGGER IF EXISTS prevent_{name}_type_cycle ON lamindb_{name};
CREATE TRIGGER prevent_{name}_type_cycle
    BEFORE INSERT OR UPDATE ON lamindb_{name}
    FOR EACH ROW WHEN (NEW.type_id IS NOT NULL)
    EXECUTE FUNCTION lamingui_check_{name}_type();
"""


def type_trigger_sql(name: str) -> str:
    """SQL that (re)creates the function and trigger of one HasType table."""
    is_record = name == "record"
    return _FUNCTION.format(
        name=name,
        schema_column=", schema_id" if is_record else "",
        schema_check=_RECORD_SCHEMA_CHECK if is_record else "",
    ) + _TRIGGER.format(name=name)


def install_type_triggers(connection: Any) -> None:
    """Install the triggers on a PostgreSQL connection; other backends: nothing."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name in TYPED_TABLES:
            cursor.execute(type_trigger_sql(name))
