"""What the window remembers (last folders, column widths) never stands in the way of the work it
accompanies: a settings folder that does not exist yet is made, one that cannot be made is ignored."""
from wzcommand.ui import folders, memory


def test_a_missing_settings_folder_is_made_and_the_folder_remembered(tmp_path, monkeypatch):
    fresh = tmp_path / "new" / "profile"  # a first run: nothing saved yet, the folder not there
    monkeypatch.setenv("WZCOMMAND_DATA_DIR", str(fresh))
    folders.remember("report", tmp_path / "报告" / "首次报告.pdf")
    assert memory.load(folders.FILENAME)["report"] == str(tmp_path / "报告")


def test_a_settings_folder_that_cannot_be_written_is_ignored(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv("WZCOMMAND_DATA_DIR", str(blocked / "profile"))  # under a file: cannot be made
    folders.remember("report", tmp_path / "首次报告.pdf")  # no error reaches the save dialog's caller
    assert memory.load(folders.FILENAME) == {}
