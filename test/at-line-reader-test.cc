/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/at-line-reader.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3::lpwa;

namespace
{

/// Feed text; return the lines and prompts it completed, prompts as "<prompt>".
std::vector<std::string>
Feed(AtLineReader& reader, const std::string& text)
{
    std::vector<std::string> events;
    for (char c : text)
    {
        switch (reader.Add(static_cast<uint8_t>(c)))
        {
            case AtLineReader::LINE:
                events.push_back(reader.TakeLine());
                break;
            case AtLineReader::PROMPT:
                events.emplace_back("<prompt>");
                break;
            case AtLineReader::NOTHING:
            case AtLineReader::LINE_FEED:
                break;
        }
    }
    return events;
}

} // namespace

// CR LF, a bare CR and a bare LF each end a line; the empty lines between answers vanish.
TEST(AtLineReader, CrLfBareCrAndBareLfEndLinesAndEmptyLinesVanish)
{
    AtLineReader reader;
    EXPECT_EQ(Feed(reader, "\r\n+CSQ: 20,99\r\n\r\nOK\r\n"),
              (std::vector<std::string>{"+CSQ: 20,99", "OK"}));
    EXPECT_EQ(Feed(reader, "A\rB\nC\r\r\nD"), (std::vector<std::string>{"A", "B", "C"}));
    EXPECT_EQ(reader.GetPartialLine(), "D");
}

// Only the LF right after a CR is a LINE_FEED; a second LF ends an (empty) line.
TEST(AtLineReader, OnlyTheLfAfterACrIsALineFeed)
{
    AtLineReader reader;
    EXPECT_EQ(reader.Add('O'), AtLineReader::NOTHING);
    EXPECT_EQ(reader.Add('K'), AtLineReader::NOTHING);
    EXPECT_EQ(reader.Add('\r'), AtLineReader::LINE);
    EXPECT_TRUE(reader.IsAfterCr());
    EXPECT_EQ(reader.TakeLine(), "OK");
    EXPECT_EQ(reader.Add('\n'), AtLineReader::LINE_FEED);
    EXPECT_FALSE(reader.IsAfterCr());
    EXPECT_EQ(reader.Add('\n'), AtLineReader::NOTHING);
    EXPECT_EQ(reader.TakeLine(), "");
}

// "> " is the prompt only as a whole partial line; the prompt leaves the partial line.
TEST(AtLineReader, PromptIsAPartialLineOfExactlyGreaterThanSpace)
{
    AtLineReader reader;
    EXPECT_EQ(Feed(reader, "\r\n> "), (std::vector<std::string>{"<prompt>"}));
    EXPECT_EQ(reader.GetPartialLine(), "");
    EXPECT_EQ(Feed(reader, "\r\nSEND OK\r\n"), (std::vector<std::string>{"SEND OK"}));
    EXPECT_EQ(Feed(reader, "x> \r\n"), (std::vector<std::string>{"x> "}));
}

// ATE0V0: after the prompt the result comes with no leading CR LF ("> " then "4\r" or
// "+CME ERROR: 50\r\n"); it is a line of its own, never "> 4".
TEST(AtLineReader, ResultRightAfterThePromptIsALineOfItsOwn)
{
    AtLineReader reader;
    EXPECT_EQ(Feed(reader, "> +CME ERROR: 50\r\n"),
              (std::vector<std::string>{"<prompt>", "+CME ERROR: 50"}));
    EXPECT_EQ(Feed(reader, "> 4\r"), (std::vector<std::string>{"<prompt>", "4"}));
    EXPECT_EQ(Feed(reader, "> > "), (std::vector<std::string>{"<prompt>", "<prompt>"}));
}

// Reset() drops the partial line and the pending CR: the next LF ends an empty line.
TEST(AtLineReader, ResetForgetsThePartialLineAndAPendingCr)
{
    AtLineReader reader;
    EXPECT_EQ(Feed(reader, "abc\rde"), (std::vector<std::string>{"abc"}));
    reader.Reset();
    EXPECT_EQ(reader.GetPartialLine(), "");
    EXPECT_EQ(Feed(reader, "X\r"), (std::vector<std::string>{"X"}));
    reader.Reset();
    EXPECT_FALSE(reader.IsAfterCr());
    EXPECT_EQ(reader.Add('\n'), AtLineReader::NOTHING);
}
