"""`conformance.exchanges` sits below target, results and report: it imports none of them."""

import ast

from conformance.paths import PACKAGE_DIR


def test_the_exchanges_package_imports_nothing_else_of_conformance():
    outside = []
    for path in sorted((PACKAGE_DIR / "exchanges").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            outside += [f"{path.name}: {name}" for name in names
                        if name.startswith("conformance") and not name.startswith("conformance.exchanges")]
    assert not outside, outside
