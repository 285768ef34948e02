"""FOREIGN KEY and CHECK constraints through a real client (PyMySQL): the statements Django's
migrations send, TiDB's errors, cascades, and Django's introspection queries."""

import pymysql
import pytest

from conftest import MockTiDB


@pytest.fixture(scope="module")
def server():
    server = MockTiDB("--user", "root")
    yield server
    server.stop()


@pytest.fixture
def connection(server):
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root", autocommit=True)
    cursor = connection.cursor()
    cursor.execute("DROP DATABASE IF EXISTS fk")
    cursor.execute("CREATE DATABASE fk")
    cursor.execute("USE fk")
    yield connection
    connection.close()


def error_of(cursor, sql):
    with pytest.raises(pymysql.err.MySQLError) as raised:
        cursor.execute(sql)
    return raised.value.args


def test_django_migration_statements(connection):
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE `django_content_type` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY,"
                   " `app_label` varchar(100) NOT NULL, `model` varchar(100) NOT NULL)")
    cursor.execute("CREATE TABLE `auth_permission` (`id` integer AUTO_INCREMENT NOT NULL PRIMARY KEY,"
                   " `name` varchar(255) NOT NULL, `content_type_id` integer NOT NULL,"
                   " `codename` varchar(100) NOT NULL)")
    cursor.execute("ALTER TABLE `auth_permission` ADD CONSTRAINT"
                   " `auth_permission_content_type_id_2f476e4b_fk_django_co` FOREIGN KEY (`content_type_id`)"
                   " REFERENCES `django_content_type` (`id`)")
    cursor.execute("INSERT INTO django_content_type (app_label, model) VALUES ('auth', 'user')")
    cursor.execute("INSERT INTO auth_permission (name, content_type_id, codename) VALUES ('x', 1, 'x')")
    assert error_of(cursor, "INSERT INTO auth_permission (name, content_type_id, codename) VALUES ('y', 9, 'y')") == (
        1452,
        "Cannot add or update a child row: a foreign key constraint fails (`fk`.`auth_permission`, CONSTRAINT"
        " `auth_permission_content_type_id_2f476e4b_fk_django_co` FOREIGN KEY (`content_type_id`) REFERENCES"
        " `django_content_type` (`id`))",
    )
    assert error_of(cursor, "DELETE FROM django_content_type")[0] == 1451
    # Django's get_relations.
    cursor.execute("""
        SELECT column_name, referenced_column_name, referenced_table_name
        FROM information_schema.key_column_usage
        WHERE table_name = %s
            AND table_schema = DATABASE()
            AND referenced_table_schema = DATABASE()
            AND referenced_table_name IS NOT NULL
            AND referenced_column_name IS NOT NULL
        """, ["auth_permission"])
    assert cursor.fetchall() == (("content_type_id", "id", "django_content_type"),)
    cursor.execute("ALTER TABLE `auth_permission` DROP FOREIGN KEY"
                   " `auth_permission_content_type_id_2f476e4b_fk_django_co`")
    cursor.execute("DELETE FROM django_content_type")


def test_cascade_and_set_null(connection):
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE p (id INT PRIMARY KEY)")
    cursor.execute("CREATE TABLE c (id INT PRIMARY KEY, pid INT,"
                   " FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE ON UPDATE SET NULL)")
    cursor.execute("INSERT INTO p VALUES (1), (2)")
    cursor.execute("INSERT INTO c VALUES (1, 1), (2, 2), (3, 2)")
    cursor.execute("UPDATE p SET id = 10 WHERE id = 1")
    cursor.execute("DELETE FROM p WHERE id = 2")
    cursor.execute("SELECT id, pid FROM c ORDER BY id")
    assert cursor.fetchall() == ((1, None),)
    cursor.execute("SHOW CREATE TABLE c")
    assert cursor.fetchone()[1] == (
        "CREATE TABLE `c` (\n"
        "  `id` int NOT NULL,\n"
        "  `pid` int DEFAULT NULL,\n"
        "  PRIMARY KEY (`id`) /*T![clustered_index] CLUSTERED */,\n"
        "  KEY `fk_1` (`pid`),\n"
        "  CONSTRAINT `fk_1` FOREIGN KEY (`pid`) REFERENCES `fk`.`p` (`id`) ON DELETE CASCADE ON UPDATE SET NULL\n"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin")
    assert error_of(cursor, "DROP TABLE p") == (
        3730, "Cannot drop table 'p' referenced by a foreign key constraint 'fk_1' on table 'c'.")
    cursor.execute("SET foreign_key_checks = 0")
    cursor.execute("DROP TABLE p")


def test_check_constraints(connection):
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE off_t (n INT CHECK (n >= 0))")
    cursor.execute("SHOW WARNINGS")
    assert cursor.fetchall() == (("Warning", 1105, "tidb_enable_check_constraint is off"),)
    cursor.execute("SET GLOBAL tidb_enable_check_constraint = ON")
    try:
        cursor.execute("CREATE TABLE t (n INT UNSIGNED NOT NULL CHECK (`n` >= 0), m INT, CONSTRAINT m_small CHECK (m < 5))")
        cursor.execute("INSERT INTO t VALUES (1, 4)")
        assert error_of(cursor, "INSERT INTO t VALUES (1, 5)") == (3819, "Check constraint 'm_small' is violated.")
        cursor.execute("SELECT constraint_name, check_clause FROM information_schema.check_constraints"
                       " WHERE constraint_schema = DATABASE() ORDER BY constraint_name")
        assert cursor.fetchall() == (("m_small", "(`m` < 5)"), ("t_chk_1", "(`n` >= 0)"))
    finally:
        cursor.execute("SET GLOBAL tidb_enable_check_constraint = OFF")


def test_django_add_field_with_inline_fk_and_introspection(connection):
    cursor = connection.cursor()
    cursor.execute("CREATE TABLE author (id integer AUTO_INCREMENT NOT NULL PRIMARY KEY)")
    cursor.execute("CREATE TABLE book (id integer AUTO_INCREMENT NOT NULL PRIMARY KEY, title varchar(10) NOT NULL UNIQUE)")
    # Django's sql_create_column_inline_fk: the column and its constraint in one ALTER.
    cursor.execute("ALTER TABLE `book` ADD COLUMN `author_id` integer NULL ,"
                   " ADD CONSTRAINT `book_author_id_fk_author_id` FOREIGN KEY(`author_id`) REFERENCES `author`(`id`)")
    cursor.execute("""
        SELECT kc.`constraint_name`, kc.`column_name`,
            kc.`referenced_table_name`, kc.`referenced_column_name`,
            c.`constraint_type`
        FROM
            information_schema.key_column_usage AS kc,
            information_schema.table_constraints AS c
        WHERE
            kc.table_schema = DATABASE() AND
            (
                kc.referenced_table_schema = DATABASE() OR
                kc.referenced_table_schema IS NULL
            ) AND
            c.table_schema = kc.table_schema AND
            c.constraint_name = kc.constraint_name AND
            c.constraint_type != 'CHECK' AND
            kc.table_name = %s
        ORDER BY kc.`ordinal_position`
        """, ["book"])
    assert set(cursor.fetchall()) == {
        ("PRIMARY", "id", None, None, "PRIMARY KEY"),
        ("title", "title", None, None, "UNIQUE"),
        ("book_author_id_fk_author_id", "author_id", "author", "id", "FOREIGN KEY"),
    }
    cursor.execute("SELECT * FROM information_schema.referential_constraints WHERE constraint_schema = 'fk'")
    assert cursor.fetchall() == (("def", "fk", "book_author_id_fk_author_id", "def", "fk", "PRIMARY", "NONE",
                                  "NO ACTION", "NO ACTION", "book", "author"),)
    cursor.execute("SHOW INDEX FROM `book`")
    assert [row[2] for row in cursor.fetchall()] == ["PRIMARY", "title", "book_author_id_fk_author_id"]
