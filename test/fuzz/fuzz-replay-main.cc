/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// main() for a libFuzzer harness built without libFuzzer (g++, make test): runs
// LLVMFuzzerTestOneInput once on every file named on the command line, or on every file of a
// directory named there, in name order, so the harness and its seed corpus are checked by
// every build. The harness aborts on a finding; this exits 1 on an unreadable path.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace
{

/// The files a path names: itself, or a directory's regular files in name order.
bool
Collect(const std::string& path, std::vector<std::string>& files)
{
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
    {
        return false;
    }
    if (!S_ISDIR(st.st_mode))
    {
        files.push_back(path);
        return true;
    }
    DIR* d = opendir(path.c_str());
    if (!d)
    {
        return false;
    }
    std::vector<std::string> names;
    while (dirent* e = readdir(d))
    {
        const std::string name = e->d_name;
        if (name != "." && name != "..")
        {
            names.push_back(path + "/" + name);
        }
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    files.insert(files.end(), names.begin(), names.end());
    return true;
}

} // namespace

int
main(int argc, char** argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i)
    {
        if (!Collect(argv[i], files))
        {
            std::fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[i]);
            return 1;
        }
    }
    if (files.empty())
    {
        std::fprintf(stderr, "usage: %s <input file or directory>...\n", argv[0]);
        return 1;
    }
    for (const auto& file : files)
    {
        std::ifstream in(file, std::ios::binary);
        const std::string data((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()), data.size());
    }
    std::printf("%s: %zu inputs replayed\n", argv[0], files.size());
    return 0;
}
