"""The shape catalog as typed values, so the generator never reads raw YAML."""

from __future__ import annotations

from dataclasses import dataclass, field

PRIMITIVE_TYPES = frozenset({"string", "boolean", "integer", "array"})
REQUEST_EXTRAS = frozenset({"forbid", "allow"})
LONG_RUNNING_STYLES = frozenset({"azure-async-operation", "location"})


class CatalogError(ValueError):
    """The catalog is malformed or refers to something it does not define."""


@dataclass(frozen=True)
class Property:
    """One property of a shape, with the access rules the docs give it."""

    name: str
    type: str
    description: str
    items: str | None = None
    format: str | None = None
    read_only: bool = False
    in_request: bool = True
    server_computed: bool = False
    required: bool = False
    nullable: bool = False

    @property
    def writable(self) -> bool:
        """Whether the property belongs in a request body."""
        return self.in_request and not self.read_only

    @property
    def referenced_type(self) -> str:
        """The shape, enum or primitive this property (or its array elements) holds."""
        return self.items if self.type == "array" and self.items else self.type


@dataclass(frozen=True)
class Shape:
    """An object shape; requests may forbid what responses must tolerate."""

    name: str
    description: str
    properties: tuple[Property, ...]
    request_extras: str = "forbid"

    def property(self, name: str) -> Property:
        for prop in self.properties:
            if prop.name == name:
                return prop
        raise KeyError(f"{self.name} has no property {name!r}")


@dataclass(frozen=True)
class EnumShape:
    """A closed set of string values."""

    name: str
    description: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Parameter:
    """A path or query parameter shared by operations."""

    name: str
    location: str
    type: str
    description: str
    required: bool = False
    format: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    values: tuple[str, ...] = ()
    example: str | None = None


@dataclass(frozen=True)
class Header:
    """A response header the docs or the ARM contract describe."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Link:
    """A follow-up call for stateful testing, fed from the source request."""

    name: str
    operation: str
    statuses: tuple[str, ...]
    description: str
    parameters: dict[str, str] = field(default_factory=dict)
    request_body: str | None = None


@dataclass(frozen=True)
class Response:
    """A documented success response of an operation."""

    status: str
    description: str
    shape: str | None = None
    headers: tuple[str, ...] = ()
    required_headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    """One HTTP operation, named by its official operationId."""

    operation_id: str
    method: str
    path: str
    tag: str
    summary: str
    parameters: tuple[str, ...]
    responses: tuple[Response, ...]
    request_body: str | None = None
    long_running: str | None = None
    pageable: str | None = None
    examples: str | None = None
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Security:
    """The OAuth2 scheme the REST page documents."""

    name: str
    description: str
    authorization_url: str
    scopes: dict[str, str]


@dataclass(frozen=True)
class ApiInfo:
    """Document-level facts: version, server, security and the error shape."""

    title: str
    version: str
    server: str
    description: str
    security: Security
    error_shape: str
    error_description: str


@dataclass(frozen=True)
class Catalog:
    """Everything `specs/shapes.yaml` says, cross-checked."""

    api: ApiInfo
    enums: dict[str, EnumShape]
    shapes: dict[str, Shape]
    parameters: dict[str, Parameter]
    headers: dict[str, Header]
    operations: dict[str, Operation]

    def is_shape(self, name: str) -> bool:
        return name in self.shapes

    def is_enum(self, name: str) -> bool:
        return name in self.enums
