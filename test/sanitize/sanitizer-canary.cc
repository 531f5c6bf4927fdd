/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Proves that make sanitize's build catches what it claims to: run with "leak", "use-after-free"
// or "overflow" it commits that error on purpose, and CTest expects the sanitizer's report
// (test/CMakeLists.txt, sanitize.canary-*). With "clean" it must exit 0 with no report.

#include <climits>
#include <cstdio>
#include <cstring>
#include <string>

int
main(int argc, char** argv)
{
    const std::string what = argc > 1 ? argv[1] : "clean";
    if (what == "leak")
    {
        // A volatile global keeps the compiler from dropping the allocation; once it is
        // overwritten, no pointer to the 64 bytes is left and LeakSanitizer reports them at exit.
        static char* volatile sLost = nullptr;
        sLost = new char[64];
        std::memset(sLost, 1, 64);
        sLost = nullptr;
        return 0;
    }
    if (what == "use-after-free")
    {
        int* p = new int(7);
        delete p;
        return *p; // AddressSanitizer: heap-use-after-free
    }
    if (what == "overflow")
    {
        volatile int big = INT_MAX;
        const int sum = big + argc; // UndefinedBehaviorSanitizer: signed integer overflow
        return sum == 0 ? 1 : 0;
    }
    std::printf("sanitizer-canary: clean\n");
    return 0;
}
