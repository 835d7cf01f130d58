/*
 * A stand-in for Windows' bcryptprimitives.dll, used only when testing under wine.
 *
 * Rust's standard library on Windows gets its random seed from ProcessPrng in
 * bcryptprimitives.dll (present on every Windows 10 and later). Debian's wine 8 has no such
 * DLL, so the .exe would not start under it. Placed beside the .exe, this DLL exports
 * ProcessPrng and answers it with RtlGenRandom (SystemFunction036 in advapi32), which wine
 * has. It is never shipped: staff run the .exe alone on real Windows.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
