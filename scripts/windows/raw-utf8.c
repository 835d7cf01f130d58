/*
 * The control of the console test in test.py: writes UTF-8 bytes for "エラー[MYN002]" to the
 * console with WriteFile, as a program would that ignores the console's code page. On a
 * code-page-932 console they come out garbled, which shows the test can see mojibake.
 */
#include <windows.h>

int main(void)
{
    static const char text[] = "\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc[MYN002]\r\n";
    DWORD written;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), text, sizeof text - 1, &written, NULL);
    return 0;
}
