"""The OpenAPI 3.1 document, generated from the action declarations and their pydantic models."""

from __future__ import annotations

import re
from typing import Any

from pydantic.json_schema import models_json_schema

from hackkit.actions import ACTIONS
from hackkit.version import __version__

_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_ERROR = {
    "type": "object",
    "required": ["ok", "error"],
    "properties": {
        "ok": {"const": False},
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        },
    },
}


def openapi_document() -> dict[str, Any]:
    """Describe every HTTP action: path, parameters, body schema, who may call it."""
    specs = [spec for spec in ACTIONS.values() if spec.rule]
    models = sorted(
        {spec.body for spec in specs if spec.body is not None}, key=lambda m: m.__name__
    )
    _, defs = models_json_schema(
        [(m, "validation") for m in models], ref_template="#/components/schemas/{model}"
    )
    schemas = dict(defs.get("$defs", {}))
    schemas["Error"] = _ERROR
    paths: dict[str, dict[str, Any]] = {}
    for spec in sorted(specs, key=lambda s: s.rule or ""):
        path = _PARAM.sub(lambda m: "{" + m.group(2) + "}", spec.rule or "")
        params = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            }
            for conv, name in _PARAM.findall(spec.rule or "")
        ]
        op: dict[str, Any] = {
            "operationId": spec.name.replace(".", "_"),
            "summary": spec.summary,
            "description": f"Socket.IO event `{spec.name}` does the same." if spec.socket else "",
            "responses": {
                "200": {
                    "description": "Done",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "default": {
                    "description": "Refused, with a stable code and a readable message",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
            },
            "x-roles": sorted(spec.roles) if spec.roles is not None else ["anyone"],
        }
        if spec.roles is not None:
            op["security"] = [{"bearer": []}]
        if spec.body is not None:
            ref = {"$ref": f"#/components/schemas/{spec.body.__name__}"}
            if spec.method in {"POST", "PUT", "PATCH"}:
                op["requestBody"] = {
                    "required": True,
                    "content": {"application/json": {"schema": ref}},
                }
            else:
                for name, field in spec.body.model_fields.items():
                    params.append(
                        {"name": name, "in": "query", "required": field.is_required(), "schema": {}}
                    )
        if params:
            op["parameters"] = params
        paths.setdefault(path, {})[spec.method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "hackkit", "version": __version__},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
