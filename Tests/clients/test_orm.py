"""SQLAlchemy ORM end to end: declarative models, metadata.create_all (with the dialect's
introspection), inserts, filtered/ordered/limited queries, updates, deletes, commit and rollback,
through PyMySQL and mysql-connector-python."""

import datetime
import decimal

import pytest
from sqlalchemy import (
    Boolean, DateTime, Integer, Numeric, String, create_engine, delete, func, inspect, select, text, update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, foreign, mapped_column, relationship

DRIVERS = {
    "pymysql": ("mysql+pymysql", {}),
    "mysqlconnector": ("mysql+mysqlconnector", {"use_pure": True}),
}


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(50), nullable=False, unique=True)
    city: Mapped[str | None] = mapped_column(String(30), index=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # The link lives in the ORM (no FOREIGN KEY constraint), so the relationship's cascade is
    # the ORM's own.
    orders: Mapped[list["Order"]] = relationship(back_populates="customer", cascade="all, delete-orphan",
                                                 order_by="Order.id",
                                                 primaryjoin="Customer.id == foreign(Order.customer_id)")


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    customer_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    amount: Mapped[decimal.Decimal] = mapped_column(Numeric(10, 2), nullable=False)
    placed_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False)
    customer: Mapped[Customer] = relationship(back_populates="orders",
                                              primaryjoin="foreign(Order.customer_id) == Customer.id")


CUSTOMERS = [("alice", "Oslo"), ("bob", "Lima"), ("carol", "Oslo"), ("dave", None), ("erin", "Lima"), ("frank", "Oslo")]


def step(name, action):
    """Runs one ORM step; on a database error names the step and the statement that failed."""
    try:
        return action()
    except DBAPIError as error:
        pytest.fail(f"{name}: {error.orig!r}\nstatement: {error.statement}\nparameters: {error.params}")


@pytest.fixture(params=sorted(DRIVERS))
def engine(server, request):
    scheme, connect_args = DRIVERS[request.param]
    engine = create_engine(f"{scheme}://root@127.0.0.1:{server.port}/test", connect_args=connect_args)
    yield engine
    engine.dispose()


def test_orm_round_trip(engine):
    step("metadata.create_all", lambda: Base.metadata.create_all(engine))
    inspector = step("inspect", lambda: inspect(engine))
    assert set(step("get_table_names", lambda: inspector.get_table_names())) >= {"customers", "orders"}
    columns = {column["name"]: column for column in step("get_columns", lambda: inspector.get_columns("orders"))}
    assert list(columns) == ["id", "customer_id", "amount", "placed_at"]
    assert columns["amount"]["type"].precision == 10 and columns["amount"]["type"].scale == 2
    assert columns["placed_at"]["nullable"] is False
    assert step("get_pk_constraint", lambda: inspector.get_pk_constraint("orders"))["constrained_columns"] == ["id"]
    indexes = step("get_indexes", lambda: inspector.get_indexes("customers"))
    assert {tuple(index["column_names"]) for index in indexes} >= {("city",)}
    # create_all again: every table exists, so nothing is created (the dialect checks with has_table).
    step("metadata.create_all (again)", lambda: Base.metadata.create_all(engine))

    placed = datetime.datetime(2024, 5, 17, 10, 30, 15)
    with Session(engine) as session:
        def insert():
            for number, (name, city) in enumerate(CUSTOMERS):
                customer = Customer(name=name, city=city)
                customer.orders = [Order(amount=decimal.Decimal(f"{number * 10 + i}.25"), placed_at=placed + datetime.timedelta(days=i))
                                   for i in range(number % 3 + 1)]
                session.add(customer)
            session.commit()
        step("insert", insert)

    with Session(engine) as session:
        ids = step("select ids", lambda: session.scalars(select(Customer.id).order_by(Customer.id)).all())
        assert len(ids) == len(CUSTOMERS) and len(set(ids)) == len(ids)
        oslo = step("filter/order/limit", lambda: session.scalars(
            select(Customer).where(Customer.city == "Oslo").order_by(Customer.name.desc()).limit(2)).all())
        assert [customer.name for customer in oslo] == ["frank", "carol"]
        assert step("lazy load", lambda: [str(order.amount) for order in oslo[1].orders]) == ["20.25", "21.25", "22.25"]
        assert oslo[1].orders[0].placed_at == placed
        offset = step("limit/offset", lambda: session.scalars(
            select(Customer.name).order_by(Customer.name).limit(2).offset(3)).all())
        assert offset == ["dave", "erin"]
        null_city = step("IS NULL", lambda: session.scalars(select(Customer.name).where(Customer.city.is_(None))).all())
        assert null_city == ["dave"]
        liked = step("LIKE/IN", lambda: session.scalars(select(Customer.name).where(
            Customer.name.like("%a%"), Customer.city.in_(["Oslo", "Lima"])).order_by(Customer.name)).all())
        assert liked == ["alice", "carol", "frank"]
        totals = step("join/group by", lambda: session.execute(
            select(Customer.city, func.count(Order.id), func.sum(Order.amount))
            .join(Customer.orders).group_by(Customer.city).order_by(Customer.city)).all())
        assert [(city, count, str(total)) for city, count, total in totals] == [
            (None, 1, "30.25"), ("Lima", 4, "103.00"), ("Oslo", 7, "217.75")]
        counted = step("count", lambda: session.scalar(select(func.count()).select_from(Order)))
        assert counted == 12

    with Session(engine) as session:
        def update_objects():
            bob = session.scalars(select(Customer).where(Customer.name == "bob")).one()
            bob.city = "Quito"
            bob.orders[0].amount = decimal.Decimal("99.99")
            session.commit()
        step("ORM update", update_objects)
        result = step("bulk update", lambda: session.execute(
            update(Customer).where(Customer.city == "Oslo").values(active=False)))
        assert result.rowcount == 3
        step("commit", session.commit)

    with Session(engine) as session:
        bob = step("read back", lambda: session.scalars(select(Customer).where(Customer.name == "bob")).one())
        assert (bob.city, str(bob.orders[0].amount), bob.active) == ("Quito", "99.99", True)
        inactive = step("bool filter", lambda: session.scalars(
            select(Customer.name).where(Customer.active.is_(False)).order_by(Customer.name)).all())
        assert inactive == ["alice", "carol", "frank"]

    with Session(engine) as session:
        def rollback():
            erin = session.scalars(select(Customer).where(Customer.name == "erin")).one()
            erin.city = "Nowhere"
            session.add(Customer(name="ghost", city="Oslo"))
            session.flush()  # the UPDATE and INSERT reach the server inside the transaction
            assert session.scalar(select(func.count()).select_from(Customer)) == 7
            session.rollback()
        step("rollback", rollback)
    with Session(engine) as session:
        assert step("after rollback", lambda: session.scalars(select(Customer.name).order_by(Customer.name)).all()) == [
            name for name, _ in sorted(CUSTOMERS)]
        assert session.scalars(select(Customer.city).where(Customer.name == "erin")).one() == "Lima"

    with Session(engine) as session:
        def duplicate():
            session.add(Customer(name="alice"))
            session.commit()
        with pytest.raises(IntegrityError) as failure:
            duplicate()
        assert getattr(failure.value.orig, "errno", None) == 1062 or failure.value.orig.args[0] == 1062, failure.value.orig
        session.rollback()
        assert step("usable after IntegrityError", lambda: session.scalar(select(func.count()).select_from(Customer))) == 6

    with Session(engine) as session:
        def delete_objects():
            carol = session.scalars(select(Customer).where(Customer.name == "carol")).one()
            session.delete(carol)  # cascades to her three orders
            session.commit()
        step("ORM delete", delete_objects)
        result = step("bulk delete", lambda: session.execute(delete(Order).where(Order.amount < 20)))
        assert result.rowcount == 2  # alice's 0.25 and bob's 11.25
        step("commit", session.commit)
        remaining = step("read back", lambda: session.execute(
            select(Customer.name, func.count(Order.id)).outerjoin(Customer.orders).group_by(Customer.name).order_by(Customer.name)).all())
        assert [tuple(row) for row in remaining] == [("alice", 0), ("bob", 1), ("dave", 1), ("erin", 2), ("frank", 3)]

    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    step("metadata.drop_all", lambda: Base.metadata.drop_all(engine))
    assert step("tables after drop_all", lambda: inspect(engine).get_table_names()) == []


def test_result_column_names_for_qualified_columns(engine):
    """Rows are read by name (Row._mapping, DictCursor, pandas): `SELECT c.name` must be called
    `name`, as in MySQL and TiDB, not `c.name`."""
    with engine.begin() as connection:
        step("create", lambda: connection.execute(text("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(20))")))
        step("insert", lambda: connection.execute(text("INSERT INTO people VALUES (1, 'ann'), (2, 'ben')")))
    with engine.connect() as connection:
        result = step("qualified select", lambda: connection.execute(
            text("SELECT p.id, people.name, p.name AS alias FROM people AS p JOIN people ON people.id = p.id ORDER BY p.id")))
        assert list(result.keys()) == ["id", "name", "alias"]
        assert [dict(row._mapping) for row in result] == [{"id": 1, "name": "ann", "alias": "ann"},
                                                          {"id": 2, "name": "ben", "alias": "ben"}]
