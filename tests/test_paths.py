"""Data is found from the package: the checkout's files in a checkout, the packaged copy elsewhere."""

from __future__ import annotations

from conformance import paths


def test_a_folder_without_the_project_is_not_a_checkout(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "requirements.yaml").write_text("requirements: []\n")
    assert not paths.running_from_checkout(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    assert paths.running_from_checkout(tmp_path)


def test_this_checkout_reads_its_own_specs_and_fixtures():
    assert paths.running_from_checkout()
    assert paths.REQUIREMENTS_FILE == paths.CHECKOUT_DIR / "specs" / "requirements.yaml"
    assert paths.EXAMPLES_DIR == paths.CHECKOUT_DIR / "fixtures" / "examples"


def test_the_packaged_copy_lives_inside_the_package():
    assert paths.PACKAGED_DATA_DIR.parent == paths.PACKAGE_DIR
    assert (paths.PACKAGED_DATA_DIR / "specs" / "requirements.yaml").is_file()
