"""Reading an `.npz` from a stranger: sizes checked before anything is allocated or inflated.

`numpy.load` trusts the archive: a member's `.npy` header may declare any shape (allocated before
the data is read), a deflated member may expand without bound, and names are whatever the zip says.
Here the archive is read from a bounded regular file; every member must be a plain `NAME.npy` of a
numeric dtype whose declared shape matches its declared size, and the members' declared sizes must
sum to at most `limit` before one byte is inflated (zipfile stops each member at its declared size).
"""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np
from numpy.lib import format as npy_format

from instinct.errors import InstinctError
from instinct.files import read_regular_file

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}\.npy$")
MAX_MEMBERS = 64
# what zipfile and numpy raise for a damaged archive (NotImplementedError: a zip "version" past 6.3)
_UNREADABLE = (
    zipfile.BadZipFile, ValueError, OSError, EOFError, OverflowError, NotImplementedError
)  # fmt: skip


def read_npz(path, limit: int, what: str = "archive", error=InstinctError) -> dict[str, np.ndarray]:
    data = read_regular_file(path, limit, what, error)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _UNREADABLE as e:
        raise error(f"{path}: not a readable {what} ({e})") from None
    if len(members) > MAX_MEMBERS:
        raise error(f"{path}: {len(members)} members, more than a {what} has")
    if sum(m.file_size for m in members) > limit:
        raise error(f"{path}: members declare more than {limit} bytes")
    arrays = {}
    for member in members:
        if (
            not NAME.match(member.filename)
            or member.compress_type not in (0, 8)
            or member.flag_bits & 0x1  # encrypted: zipfile would ask for a password
        ):
            raise error(f"{path}: unexpected member {member.filename[:80]!r} in a {what}")
        key = member.filename[:-4]
        if key in arrays:
            raise error(f"{path}: member {key!r} appears twice")
        try:
            arrays[key] = _read_member(archive, member)
        except _UNREADABLE as e:
            raise error(f"{path}: member {key!r} is not a plain array ({e})") from None
    return arrays


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> np.ndarray:
    with archive.open(member) as fh:
        version = npy_format.read_magic(fh)
        if version == (1, 0):
            shape, fortran, dtype = npy_format.read_array_header_1_0(fh)
        elif version in ((2, 0), (3, 0)):
            shape, fortran, dtype = npy_format.read_array_header_2_0(fh)
        else:
            raise ValueError(f"npy version {version}")
        if dtype.hasobject or dtype.kind not in "biuf" or dtype.fields is not None:
            raise ValueError(f"dtype {dtype} is not a plain number")
        count = 1
        for n in shape:
            count *= int(n)
        header_end = fh.tell()
        if header_end + count * dtype.itemsize != member.file_size:
            raise ValueError(f"shape {shape} does not fit the member's {member.file_size} bytes")
        raw = fh.read(count * dtype.itemsize)
    if len(raw) != count * dtype.itemsize:
        raise ValueError("member shorter than its header says")
    array = np.frombuffer(raw, dtype).reshape(shape, order="F" if fortran else "C")
    return array.astype(dtype.newbyteorder("="), copy=True)
