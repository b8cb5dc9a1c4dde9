# Build FrontDesk's one-folder bundle on Windows: dist\FrontDesk\ (FrontDesk.exe + frontdesk-cli.exe) and a zip
# of it for the office, dist\FrontDesk-<version>-windows.zip. PyInstaller does not cross-compile: run this on
# Windows 10/11 x64 with Python 3.11+ from python.org (the "py" launcher), or set $env:PYTHON to a python.exe.
#
# The bundle ships the Python and PySide6 it is built with. pyproject.toml installs PySide6 6.12 on Python 3.12+
# and 6.11 on 3.11 (6.12 on 3.11 loses a reference to None on every void Qt call and aborts a desk after some
# hours, issue 21); the reference-count guard runs in the build venv before PyInstaller, so a combination that
# fails it is never bundled. "py -3" takes the newest Python installed.
#
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1          # reuses build\venv
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1 -Fresh   # remakes it
param([switch]$Fresh)
$ErrorActionPreference = "Stop"

function Invoke-Checked {
    # PowerShell does not stop on a failing program by itself.
    $exe, $rest = $args
    & $exe @rest
    if ($LASTEXITCODE -ne 0) { throw "$exe $rest failed with exit code $LASTEXITCODE" }
}

$root = Split-Path -Parent $PSScriptRoot
$venv = Join-Path $root "build\venv"
$bundle = Join-Path $root "dist\FrontDesk"
Set-Location $root
if ($Fresh) { Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $venv, "build\frontdesk", $bundle }

$start = Get-Date
$python = Join-Path $venv "Scripts\python.exe"
if (-not (Test-Path $python)) {
    Write-Host "== making the build venv $venv"
    if ($env:PYTHON) { Invoke-Checked $env:PYTHON -m venv $venv } else { Invoke-Checked py -3 -m venv $venv }
}
Invoke-Checked $python -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 'FrontDesk needs Python 3.11 or newer')"
Write-Host "== installing FrontDesk's dependencies and PyInstaller"
# A venv that once held PySide6 6.12 on Python 3.11 keeps its PySide6-Pdf, which clashes with PySide6-Addons.
& $python -c "import sys; sys.exit(sys.version_info < (3, 12))"
if ($LASTEXITCODE -ne 0) { & $python -m pip uninstall --quiet --yes PySide6-Pdf 2>$null | Out-Null }
Invoke-Checked $python -m pip install --quiet --disable-pip-version-check -e $root "pyinstaller>=6.10,<7" "pypdf>=4"
Write-Host "== checking that this PySide6 keeps Python's reference counts (issue 21)"
$env:QT_QPA_PLATFORM = "offscreen"
Invoke-Checked $python -m desktop.views.refcount_guard
Remove-Item Env:\QT_QPA_PLATFORM

Write-Host "== building dist\FrontDesk"
$buildStart = Get-Date
Invoke-Checked $python -m PyInstaller --noconfirm --clean --log-level WARN `
    --workpath (Join-Path $root "build") --distpath (Join-Path $root "dist") (Join-Path $root "installer\frontdesk.spec")
$seconds = [int]((Get-Date) - $buildStart).TotalSeconds

Invoke-Checked (Join-Path $bundle "frontdesk-cli.exe") --version
$version = (Select-String -Path "desktop\__init__.py" -Pattern '__version__ = "(.+)"').Matches[0].Groups[1].Value
$zip = Join-Path $root "dist\FrontDesk-$version-windows.zip"
Compress-Archive -Path $bundle -DestinationPath $zip -Force

$files = Get-ChildItem -Recurse -File $bundle
$megabytes = [math]::Round(($files | Measure-Object Length -Sum).Sum / 1MB)
Write-Host "== done: $bundle"
Write-Host "   size:  $megabytes MB in $($files.Count) files; zip $([math]::Round((Get-Item $zip).Length / 1MB)) MB: $zip"
Write-Host "   time:  $seconds s for PyInstaller, $([int]((Get-Date) - $start).TotalSeconds) s in all"
