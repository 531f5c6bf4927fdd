/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/module-file-system.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <string>
#include <tuple>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

using Result = ModuleFileSystem::Result;

/// One FileChanged event.
using Change = std::tuple<std::string, uint32_t, bool>;

void
RecordChange(std::vector<Change>* changes, std::string name, uint32_t size, bool deleted)
{
    changes->emplace_back(name, size, deleted);
}

std::vector<uint8_t>
Bytes(size_t n, uint8_t fill = 0xA5)
{
    return std::vector<uint8_t>(n, fill);
}

class ModuleFileSystemTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }
};

TEST_F(ModuleFileSystemTest, DefaultAttributes)
{
    auto fs = CreateObject<ModuleFileSystem>();
    UintegerValue value;
    fs->GetAttribute("Capacity", value);
    EXPECT_EQ(value.Get(), 256000U);
    fs->GetAttribute("MaxFileNameLength", value);
    EXPECT_EQ(value.Get(), 80U);
    fs->GetAttribute("MaxFiles", value);
    EXPECT_EQ(value.Get(), 256U);
    EXPECT_EQ(fs->GetTotalSize(), 256000U);
    EXPECT_EQ(fs->GetFreeSpace(), 256000U);
    EXPECT_EQ(fs->GetUsedSpace(), 0U);
    EXPECT_EQ(fs->GetFileCount(), 0U);
}

TEST_F(ModuleFileSystemTest, WriteReadDeleteAndSpaceAccounting)
{
    auto fs = CreateObject<ModuleFileSystem>();
    const std::vector<uint8_t> pem{'-', '-', '-', '-', '-', 'B', 'E', 'G', 'I', 'N'};
    EXPECT_EQ(fs->Write("ca.pem", pem, false), Result::OK);
    EXPECT_EQ(fs->GetUsedSpace(), pem.size());
    EXPECT_EQ(fs->GetFreeSpace(), 256000U - pem.size());
    std::vector<uint8_t> read;
    EXPECT_EQ(fs->Read("ca.pem", read), Result::OK);
    EXPECT_EQ(read, pem);
    uint32_t size = 0;
    EXPECT_EQ(fs->GetFileSize("ca.pem", size), Result::OK);
    EXPECT_EQ(size, pem.size());

    // An existing file is replaced only when overwriting is allowed.
    EXPECT_EQ(fs->Write("ca.pem", Bytes(3), false), Result::ALREADY_EXISTS);
    EXPECT_EQ(fs->Read("ca.pem", read), Result::OK);
    EXPECT_EQ(read, pem);
    EXPECT_EQ(fs->Write("ca.pem", Bytes(3), true), Result::OK);
    EXPECT_EQ(fs->GetUsedSpace(), 3U);

    // Empty files are allowed and use no space.
    EXPECT_EQ(fs->Write("empty", {}, false), Result::OK);
    EXPECT_EQ(fs->GetUsedSpace(), 3U);
    EXPECT_EQ(fs->GetFileCount(), 2U);

    EXPECT_EQ(fs->Delete("ca.pem"), Result::OK);
    EXPECT_EQ(fs->Delete("ca.pem"), Result::NOT_FOUND);
    EXPECT_EQ(fs->Read("ca.pem", read), Result::NOT_FOUND);
    EXPECT_FALSE(fs->Exists("ca.pem"));
    EXPECT_EQ(fs->GetUsedSpace(), 0U);
    EXPECT_EQ(fs->GetFileCount(), 1U);
}

TEST_F(ModuleFileSystemTest, UfsPrefixNamesTheSameFile)
{
    auto fs = CreateObject<ModuleFileSystem>();
    EXPECT_EQ(fs->Write("UFS:client.crt", Bytes(10), false), Result::OK);
    EXPECT_TRUE(fs->Exists("client.crt"));
    EXPECT_TRUE(fs->Exists("UFS:client.crt"));
    EXPECT_TRUE(fs->Exists("ufs:client.crt"));
    EXPECT_EQ(fs->Write("client.crt", Bytes(4), false), Result::ALREADY_EXISTS);
    auto list = fs->List("*");
    ASSERT_EQ(list.size(), 1U);
    EXPECT_EQ(list[0].first, "client.crt"); // listed without the prefix
    EXPECT_EQ(list[0].second, 10U);
    EXPECT_FALSE(fs->Exists("Client.crt")); // names are case-sensitive
    EXPECT_EQ(ModuleFileSystem::StripPrefix("UFS:a"), "a");
    EXPECT_EQ(ModuleFileSystem::StripPrefix("ufs:a"), "a");
    EXPECT_EQ(ModuleFileSystem::StripPrefix("UFSa"), "UFSa");
    EXPECT_EQ(fs->Delete("UFS:client.crt"), Result::OK);
}

TEST_F(ModuleFileSystemTest, RejectsInvalidNames)
{
    auto fs = CreateObject<ModuleFileSystem>();
    const std::string longest(80, 'k');
    EXPECT_EQ(fs->Write(longest, Bytes(1), false), Result::OK);
    EXPECT_EQ(fs->Write("UFS:" + longest, Bytes(1), true), Result::OK); // prefix not counted
    for (const std::string& bad : {std::string(""),
                                   std::string("UFS:"),
                                   std::string(81, 'k'),
                                   std::string("dir/ca.pem"),
                                   std::string("dir\\ca.pem"),
                                   std::string("ca*.pem"),
                                   std::string("ca?.pem"),
                                   std::string("ca\".pem"),
                                   std::string("RAM:ca.pem"),
                                   std::string("ca\r.pem"),
                                   std::string("ca\n"),
                                   std::string("ca\x7f"),
                                   std::string("ca\0x", 4)})
    {
        EXPECT_FALSE(fs->IsValidName(bad)) << bad;
        EXPECT_EQ(fs->Write(bad, Bytes(1), true), Result::INVALID_NAME) << bad;
        std::vector<uint8_t> data;
        EXPECT_EQ(fs->Read(bad, data), Result::INVALID_NAME) << bad;
        EXPECT_EQ(fs->Delete(bad), Result::INVALID_NAME) << bad;
        EXPECT_FALSE(fs->Exists(bad)) << bad;
    }
    EXPECT_EQ(fs->GetFileCount(), 1U);

    fs->SetAttribute("MaxFileNameLength", UintegerValue(8));
    EXPECT_EQ(fs->Write("12345678", Bytes(1), false), Result::OK);
    EXPECT_EQ(fs->Write("123456789", Bytes(1), false), Result::INVALID_NAME);
}

TEST_F(ModuleFileSystemTest, WriteThatDoesNotFitLeavesOldFileUntouched)
{
    auto fs = CreateObject<ModuleFileSystem>();
    fs->SetAttribute("Capacity", UintegerValue(100));
    EXPECT_EQ(fs->Write("a", Bytes(40, 1), false), Result::OK);
    EXPECT_EQ(fs->Write("b", Bytes(50, 2), false), Result::OK);
    EXPECT_EQ(fs->GetFreeSpace(), 10U);

    // Rewriting "a" may reuse its own 40 bytes: 50 fits (10 free + 40), 51 does not.
    EXPECT_EQ(fs->Write("a", Bytes(51, 3), true), Result::NO_SPACE);
    std::vector<uint8_t> read;
    EXPECT_EQ(fs->Read("a", read), Result::OK);
    EXPECT_EQ(read, Bytes(40, 1));
    EXPECT_EQ(fs->GetUsedSpace(), 90U);
    EXPECT_EQ(fs->Write("a", Bytes(50, 4), true), Result::OK);
    EXPECT_EQ(fs->GetFreeSpace(), 0U);
    EXPECT_EQ(fs->Write("c", Bytes(1), false), Result::NO_SPACE);
    EXPECT_FALSE(fs->Exists("c"));
    EXPECT_EQ(fs->Write("c", {}, false), Result::OK); // an empty file still fits
}

TEST_F(ModuleFileSystemTest, MaxFilesLimitsNewFilesOnly)
{
    auto fs = CreateObject<ModuleFileSystem>();
    fs->SetAttribute("MaxFiles", UintegerValue(2));
    EXPECT_EQ(fs->Write("a", Bytes(1), false), Result::OK);
    EXPECT_EQ(fs->Write("b", Bytes(1), false), Result::OK);
    EXPECT_EQ(fs->Write("c", Bytes(1), false), Result::TOO_MANY_FILES);
    EXPECT_EQ(fs->Write("b", Bytes(2), true), Result::OK); // rewriting is not a new file
    EXPECT_EQ(fs->Delete("a"), Result::OK);
    EXPECT_EQ(fs->Write("c", Bytes(1), false), Result::OK);
}

TEST_F(ModuleFileSystemTest, ListAndDeleteMatchingPatterns)
{
    auto fs = CreateObject<ModuleFileSystem>();
    EXPECT_EQ(fs->Write("zeta.key", Bytes(3), false), Result::OK);
    EXPECT_EQ(fs->Write("ca.pem", Bytes(1), false), Result::OK);
    EXPECT_EQ(fs->Write("client.pem", Bytes(2), false), Result::OK);
    EXPECT_EQ(fs->Write("Beta.key", Bytes(4), false), Result::OK);

    const std::vector<ModuleFileSystem::FileEntry> all{{"Beta.key", 4},
                                                       {"ca.pem", 1},
                                                       {"client.pem", 2},
                                                       {"zeta.key", 3}};
    EXPECT_EQ(fs->List("*"), all); // sorted by name, byte order
    EXPECT_EQ(fs->List(), all);
    EXPECT_EQ(fs->List("UFS:*"), all);
    EXPECT_EQ(fs->List("*.pem"),
              (std::vector<ModuleFileSystem::FileEntry>{{"ca.pem", 1}, {"client.pem", 2}}));
    EXPECT_EQ(fs->List("c?.pem"), (std::vector<ModuleFileSystem::FileEntry>{{"ca.pem", 1}}));
    EXPECT_EQ(fs->List("ca.pem"), (std::vector<ModuleFileSystem::FileEntry>{{"ca.pem", 1}}));
    EXPECT_TRUE(fs->List("nothing*").empty());
    EXPECT_TRUE(fs->List("").empty());
    EXPECT_TRUE(fs->List("a/b").empty());

    EXPECT_EQ(fs->DeleteMatching("*.pem"), Result::OK);
    EXPECT_EQ(fs->GetFileCount(), 2U);
    EXPECT_EQ(fs->GetUsedSpace(), 7U);
    EXPECT_EQ(fs->DeleteMatching("*.pem"), Result::NOT_FOUND);
    EXPECT_EQ(fs->DeleteMatching("a/b"), Result::INVALID_NAME);
    EXPECT_EQ(fs->DeleteMatching("*"), Result::OK);
    EXPECT_EQ(fs->GetFileCount(), 0U);
    EXPECT_EQ(fs->GetUsedSpace(), 0U);
    EXPECT_EQ(fs->DeleteMatching("UFS:*"), Result::OK); // deleting all of nothing succeeds
}

TEST_F(ModuleFileSystemTest, FileChangedTraceReportsWritesAndDeletions)
{
    auto fs = CreateObject<ModuleFileSystem>();
    std::vector<Change> changes;
    fs->TraceConnectWithoutContext("FileChanged", MakeBoundCallback(&RecordChange, &changes));
    fs->SetAttribute("Capacity", UintegerValue(10));
    EXPECT_EQ(fs->Write("UFS:a", Bytes(4), false), Result::OK);
    EXPECT_EQ(fs->Write("a", Bytes(6), true), Result::OK);
    EXPECT_EQ(fs->Write("b", Bytes(5), false), Result::NO_SPACE); // failures are not traced
    EXPECT_EQ(fs->Write("b", Bytes(2), false), Result::OK);
    EXPECT_EQ(fs->DeleteMatching("*"), Result::OK);
    const std::vector<Change> expected{{"a", 4, false},
                                       {"a", 6, false},
                                       {"b", 2, false},
                                       {"a", 6, true},
                                       {"b", 2, true}};
    EXPECT_EQ(changes, expected);
}

TEST_F(ModuleFileSystemTest, QuectelChecksumXorsBigEndianWords)
{
    EXPECT_EQ(ModuleFileSystem::QuectelChecksum({}), 0);
    EXPECT_EQ(ModuleFileSystem::QuectelChecksum({0x12, 0x34}), 0x1234);
    EXPECT_EQ(ModuleFileSystem::QuectelChecksum({0x12, 0x34, 0x56, 0x78}), 0x1234 ^ 0x5678);
    // An odd last byte is the high byte of a final word whose low byte is 0.
    EXPECT_EQ(ModuleFileSystem::QuectelChecksum({0x12, 0x34, 0x56}), 0x1234 ^ 0x5600);
    EXPECT_EQ(ModuleFileSystem::QuectelChecksum({0xFF}), 0xFF00);
    const std::string text = "hello";
    // "he" 0x6865 ^ "ll" 0x6C6C ^ "o\0" 0x6F00 = 0x6B09
    EXPECT_EQ(ModuleFileSystem::QuectelChecksum(std::vector<uint8_t>(text.begin(), text.end())),
              0x6B09);
}

TEST_F(ModuleFileSystemTest, ResultNames)
{
    EXPECT_STREQ(ModuleFileSystem::ResultToString(Result::OK), "OK");
    EXPECT_STREQ(ModuleFileSystem::ResultToString(Result::NOT_FOUND), "NOT_FOUND");
    EXPECT_STREQ(ModuleFileSystem::ResultToString(Result::NO_SPACE), "NO_SPACE");
    EXPECT_STREQ(ModuleFileSystem::ResultToString(Result::INVALID_NAME), "INVALID_NAME");
    EXPECT_STREQ(ModuleFileSystem::ResultToString(Result::TOO_MANY_FILES), "TOO_MANY_FILES");
    EXPECT_STREQ(ModuleFileSystem::ResultToString(Result::ALREADY_EXISTS), "ALREADY_EXISTS");
}

TEST_F(ModuleFileSystemTest, WrongAttributeValuesAbort)
{
    // "fast" (fork-only) death tests: they also work under ns-3's TestRunner main.
    EXPECT_DEATH(
        {
            auto fs = CreateObject<ModuleFileSystem>();
            fs->SetAttribute("Capacity", UintegerValue(0));
        },
        "Capacity: 0");
    EXPECT_DEATH(
        {
            auto fs = CreateObject<ModuleFileSystem>();
            fs->Write("a", Bytes(50), false);
            fs->SetAttribute("Capacity", UintegerValue(10));
        },
        "Capacity: 10 is less than the 50 bytes");
    EXPECT_DEATH(
        {
            auto fs = CreateObject<ModuleFileSystem>();
            fs->SetAttribute("MaxFiles", UintegerValue(0));
        },
        "MaxFiles: 0");
    EXPECT_DEATH(
        {
            auto fs = CreateObject<ModuleFileSystem>();
            fs->SetAttribute("MaxFileNameLength", UintegerValue(0));
        },
        "MaxFileNameLength: 0");
}

} // namespace
