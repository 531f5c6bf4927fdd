/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Acceptance tests of the Quectel dialect: the examples of chapter 3 of the BG95 SSL
// application note that need no TLS (AT+QIOPEN stands in for AT+QSSLOPEN in the data-mode
// walkthroughs), and the TinyGSM and bg9x_ssl_zephyr sequences of shared/real-clients.md up to
// the SSL open. Each script in test/transcripts/ is replayed through the AT console, exactly as
// `lpwa-at-console --script=...` does. The tests check the responses against the manual and the
// timestamps against UART and processing-time arithmetic; CTest also compares each run with its
// golden transcript (test/transcripts/*.txt) through the console's --expect.

#include "ns3/at-console.h"
#include "ns3/at-transcript.h"

#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <sstream>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// One byte at 115200 baud, 8N1 (10 bits), rounded to the nanosecond.
const Time BYTE = NanoSeconds(86806);
/// Command processing time of the BG95 profiles.
const Time PROCESSING = MilliSeconds(2);

std::string
TranscriptDir()
{
    return std::string(NS_TEST_SOURCEDIR) + "/transcripts";
}

/**
 * Applies a script's `@# console: --flag=value ...` line, the convention by which a transcript
 * script names the console options it needs (CTest passes the same line to the console).
 */
void
ApplyConsoleLine(AtConsole::Options& options)
{
    const std::string prefix = "@# console: ";
    const size_t at = options.script.rfind(prefix, 0) == 0 ? 0 : std::string::npos;
    if (at == std::string::npos)
    {
        return;
    }
    std::istringstream flags(
        options.script.substr(prefix.size(), options.script.find('\n') - prefix.size()));
    std::string flag;
    while (flags >> flag)
    {
        const size_t eq = flag.find('=');
        const std::string name = flag.substr(0, eq);
        const std::string value = flag.substr(eq + 1);
        if (name == "--server")
        {
            options.server = value;
        }
        else if (name == "--pki-dir")
        {
            options.pkiDir = value;
        }
        else if (name == "--dtls")
        {
            options.dtls = value;
        }
        else if (name == "--psk")
        {
            options.psk = value;
        }
        else if (name == "--model")
        {
            options.model = value;
        }
        else if (name == "--client-auth")
        {
            options.clientAuth = value;
        }
        else if (name == "--rat")
        {
            options.rat = value;
        }
        else if (name == "--ce")
        {
            options.ce = value;
        }
        else if (name == "--mcl")
        {
            options.mcl = value;
        }
        else
        {
            ADD_FAILURE() << "unsupported console flag in a transcript script: " << flag;
        }
    }
}

/// Runs a script through the console and returns the parsed transcript.
std::vector<AtTranscript::Line>
Play(const std::string& name, int* exitCode = nullptr)
{
    std::ifstream file(TranscriptDir() + "/" + name + ".at");
    EXPECT_TRUE(file.good()) << name;
    AtConsole::Options options;
    options.script.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    options.scriptDirectory = TranscriptDir();
    ApplyConsoleLine(options);
    std::ostringstream out;
    std::ostringstream err;
    const int code = AtConsole::Run(options, out, err);
    if (exitCode)
    {
        *exitCode = code;
    }
    else
    {
        EXPECT_EQ(code, AtConsole::SUCCESS) << err.str();
    }
    std::vector<AtTranscript::Line> lines;
    std::istringstream in(out.str());
    std::string text;
    while (std::getline(in, text))
    {
        AtTranscript::Line line;
        EXPECT_TRUE(AtTranscript::Parse(text, line)) << text;
        lines.push_back(line);
    }
    return lines;
}

/// The transcript as `> text` / `< text` lines, without times.
std::vector<std::string>
Texts(const std::vector<AtTranscript::Line>& lines)
{
    std::vector<std::string> texts;
    for (const auto& l : lines)
    {
        texts.push_back((l.direction == AtTranscript::HOST_TO_MODULE ? "> " : "< ") + l.text);
    }
    return texts;
}

/// Index of the host line with this text (the n-th occurrence).
size_t
FindCommand(const std::vector<AtTranscript::Line>& lines, const std::string& text, int n = 0)
{
    for (size_t i = 0; i < lines.size(); ++i)
    {
        if (lines[i].direction == AtTranscript::HOST_TO_MODULE && lines[i].text == text && n-- == 0)
        {
            return i;
        }
    }
    ADD_FAILURE() << "no host line " << text;
    return 0;
}

/**
 * Checks that the module lines after a command arrive when the model says: the response
 * starts `PROCESSING + extra` after the command's CR arrived, and each line ends when its CR
 * has crossed the UART, one byte time per byte of `response` (the exact bytes sent).
 */
void
ExpectResponseTiming(const std::vector<AtTranscript::Line>& lines,
                     size_t command,
                     const std::string& response,
                     Time extra = Seconds(0))
{
    const Time start = lines[command].time + PROCESSING + extra;
    size_t next = command + 1;
    // Skip the echo of the command line, which is timed by the bytes the host typed.
    if (next < lines.size() && lines[next].text == lines[command].text)
    {
        ++next;
    }
    std::string current;
    for (size_t pos = 0; pos < response.size(); ++pos)
    {
        if (response[pos] != '\r' && response[pos] != '\n')
        {
            current.push_back(response[pos]);
            continue;
        }
        if (response[pos] == '\n' || current.empty())
        {
            continue;
        }
        while (next < lines.size() && lines[next].direction != AtTranscript::MODULE_TO_HOST)
        {
            ++next;
        }
        ASSERT_LT(next, lines.size()) << "missing response line " << current;
        EXPECT_EQ(lines[next].text, current);
        EXPECT_EQ(lines[next].time, start + BYTE * static_cast<int64_t>(pos + 1))
            << "line \"" << current << "\" after " << lines[command].text;
        current.clear();
        ++next;
    }
}

/// Whether a text ends with a suffix.
bool
EndsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Time from a command's CR to the next final result code line.
Time
ResponseTime(const std::vector<AtTranscript::Line>& lines, size_t command)
{
    for (size_t i = command + 1; i < lines.size(); ++i)
    {
        const std::string& t = lines[i].text;
        if (lines[i].direction == AtTranscript::MODULE_TO_HOST &&
            (t == "OK" || t == "ERROR" || t == "CONNECT" || t == "SEND OK" ||
             t.rfind("+CME ERROR", 0) == 0))
        {
            return lines[i].time - lines[command].time;
        }
    }
    ADD_FAILURE() << "no final result after " << lines[command].text;
    return Seconds(0);
}

TEST(QuectelTranscriptTest, Manual31PdpContext)
{
    const auto lines = Play("manual-3-1-pdp-context");
    EXPECT_EQ(Texts(lines),
              (std::vector<std::string>{"> AT+QICSGP=1,1,\"CMNBIOT\",\"\",\"\",1",
                                        "< AT+QICSGP=1,1,\"CMNBIOT\",\"\",\"\",1",
                                        "< OK",
                                        "> AT+QIACT=1",
                                        "< AT+QIACT=1",
                                        "< OK",
                                        "> AT+QIACT?",
                                        "< AT+QIACT?",
                                        "< +QIACT: 1,1,1,\"10.0.0.2\"",
                                        "< OK",
                                        "> AT+QIDEACT=1",
                                        "< AT+QIDEACT=1",
                                        "< OK"}));
    // The first command is typed at 2 s; its line ends when its CR has arrived.
    EXPECT_EQ(lines[0].time, Seconds(2) + BYTE * static_cast<int64_t>(lines[0].text.size() + 1));
    ExpectResponseTiming(lines, 0, "\r\nOK\r\n");
    // Activation takes the ActivationTime attribute (1 s) after the command is processed.
    ExpectResponseTiming(lines, FindCommand(lines, "AT+QIACT=1"), "\r\nOK\r\n", Seconds(1));
    ExpectResponseTiming(lines,
                         FindCommand(lines, "AT+QIACT?"),
                         "\r\n+QIACT: 1,1,1,\"10.0.0.2\"\r\n\r\nOK\r\n");
    ExpectResponseTiming(lines,
                         FindCommand(lines, "AT+QIDEACT=1"),
                         "\r\nOK\r\n",
                         MilliSeconds(200));
    // Maximum response times of the TCP/IP application note: QIACT 150 s, QIDEACT 40 s.
    EXPECT_LE(ResponseTime(lines, FindCommand(lines, "AT+QIACT=1")), Seconds(150));
    EXPECT_LE(ResponseTime(lines, FindCommand(lines, "AT+QIDEACT=1")), Seconds(40));
}

TEST(QuectelTranscriptTest, Manual32SslContext)
{
    const auto lines = Play("manual-3-2-ssl-context");
    const std::vector<std::pair<std::string, std::string>> exchanges = {
        {"AT+QSSLCFG=\"sslversion\",1,1", "\r\nOK\r\n"},
        {"AT+QSSLCFG=\"ciphersuite\",1,0X0035", "\r\nOK\r\n"},
        {"AT+QSSLCFG=\"seclevel\",1,1", "\r\nOK\r\n"},
        {"AT+QSSLCFG=\"cacert\",1,\"cacert.pem\"", "\r\nOK\r\n"},
        {"AT+QSSLCFG=\"sslversion\",1", "\r\n+QSSLCFG: \"sslversion\",1,1\r\n\r\nOK\r\n"},
        {"AT+QSSLCFG=\"ciphersuite\",1", "\r\n+QSSLCFG: \"ciphersuite\",1,0X0035\r\n\r\nOK\r\n"},
        {"AT+QSSLCFG=\"seclevel\",1", "\r\n+QSSLCFG: \"seclevel\",1,1\r\n\r\nOK\r\n"},
        {"AT+QSSLCFG=\"cacert\",1", "\r\n+QSSLCFG: \"cacert\",1,\"cacert.pem\"\r\n\r\nOK\r\n"},
    };
    ASSERT_EQ(lines.size(), 4 * 3 + 4 * 4);
    for (const auto& [command, response] : exchanges)
    {
        const size_t i = FindCommand(lines, command);
        ExpectResponseTiming(lines, i, response);
        EXPECT_LE(ResponseTime(lines, i), MilliSeconds(300)); // the manual's maximum
    }
}

TEST(QuectelTranscriptTest, Manual33BufferAccessMode)
{
    const auto lines = Play("manual-3-3-buffer-mode");
    const auto texts = Texts(lines);
    const size_t open = FindCommand(lines, "AT+QIOPEN=1,4,\"TCP\",\"10.0.0.1\",7,0,0");
    ExpectResponseTiming(lines, open, "\r\nOK\r\n");
    EXPECT_EQ(texts[open + 3], "< +QIOPEN: 4,0");
    // QISTATE: connect ID 4, TCP to the server, state 2 (connected), context 1, server ID as
    // the connect ID, buffer access mode.
    const size_t state = FindCommand(lines, "AT+QISTATE");
    EXPECT_EQ(lines[state + 2].text.rfind("+QISTATE: 4,\"TCP\",\"10.0.0.1\",7,", 0), 0u);
    EXPECT_TRUE(EndsWith(lines[state + 2].text, ",2,1,4,0,\"uart1\"")) << lines[state + 2].text;
    // Variable-length send: prompt, data, CTRL+Z, SEND OK.
    const size_t send = FindCommand(lines, "AT+QISEND=4");
    ExpectResponseTiming(lines, send, "\r\n> ");
    EXPECT_EQ(texts[send + 3], "> Test data from SSL\\x1A");
    EXPECT_EQ(texts[send + 5], "< SEND OK");
    // Fixed-length send of 18 bytes.
    const size_t fixed = FindCommand(lines, "AT+QISEND=4,18");
    EXPECT_EQ(texts[fixed + 3], "> Test data from SSL");
    EXPECT_EQ(texts[fixed + 5], "< SEND OK");
    // The echo server returned both: one URC, then AT+QIRD reads 36 bytes, then 0.
    EXPECT_EQ(std::count(texts.begin(), texts.end(), "< +QIURC: \"recv\",4"), 1);
    const size_t read = FindCommand(lines, "AT+QIRD=4,1500");
    ExpectResponseTiming(lines,
                         read,
                         "\r\n+QIRD: 36\r\nTest data from SSLTest data from SSL\r\n\r\nOK\r\n");
    ExpectResponseTiming(lines,
                         FindCommand(lines, "AT+QIRD=4,1500", 1),
                         "\r\n+QIRD: 0\r\n\r\nOK\r\n");
    ExpectResponseTiming(lines,
                         FindCommand(lines, "AT+QIRD=4,0"),
                         "\r\n+QIRD: 36,36,0\r\n\r\nOK\r\n");
    ExpectResponseTiming(lines, FindCommand(lines, "AT+QICLOSE=4"), "\r\nOK\r\n");
    EXPECT_LE(ResponseTime(lines, read), MilliSeconds(300));
}

TEST(QuectelTranscriptTest, Manual34DirectPushMode)
{
    const auto lines = Play("manual-3-4-direct-push");
    const auto texts = Texts(lines);
    // Each echo comes back in a URC followed by the data (3.4.3).
    size_t urcs = 0;
    for (size_t i = 0; i + 1 < texts.size(); ++i)
    {
        if (texts[i] == "< +QIURC: \"recv\",4,18")
        {
            ++urcs;
            EXPECT_EQ(texts[i + 1], "< Test data from SSL");
            // The data follows the URC line at once: 18 bytes and CR.
            EXPECT_EQ(lines[i + 1].time, lines[i].time + BYTE * 20);
        }
    }
    EXPECT_EQ(urcs, 2u);
    const size_t state = FindCommand(lines, "AT+QISTATE");
    EXPECT_TRUE(EndsWith(lines[state + 2].text, ",2,1,4,1,\"uart1\"")) << lines[state + 2].text;
    EXPECT_EQ(texts.back(), "< OK");
}

TEST(QuectelTranscriptTest, Manual35TransparentMode)
{
    const auto lines = Play("manual-3-5-transparent");
    const auto texts = Texts(lines);
    const size_t open = FindCommand(lines, "AT+QIOPEN=1,4,\"TCP\",\"10.0.0.1\",7,0,2");
    EXPECT_EQ(texts[open + 2], "< CONNECT");
    // The host's payload ends with CR LF: data, so the transcript shows the bytes.
    EXPECT_EQ(texts[open + 3], "> Test data from SSL\\x0D\\x0A");
    EXPECT_EQ(texts[open + 4], "< Test data from SSL"); // echoed by the server, no framing
    // +++ after 1 s of silence; OK 1 s after the last '+' arrived: 1 s + 6 bytes (CR LF O K CR).
    const size_t escape = FindCommand(lines, "+++");
    EXPECT_EQ(texts[escape + 1], "< OK");
    EXPECT_EQ(lines[escape + 1].time, lines[escape].time + Seconds(1) + BYTE * 5);
    // Back in command mode the socket is still connected, now in buffer mode.
    const std::string& stateLine = lines[FindCommand(lines, "AT+QISTATE=1,4") + 2].text;
    EXPECT_TRUE(EndsWith(stateLine, ",2,1,4,0,\"uart1\"")) << stateLine;
    // ATO returns; pluses inside data are data; DTR low-to-high (AT&D1) leaves at once.
    const size_t ato = FindCommand(lines, "ATO");
    EXPECT_EQ(texts[ato + 2], "< CONNECT");
    EXPECT_EQ(texts[ato + 3], "> more data+++with pluses\\x0D\\x0A");
    EXPECT_EQ(texts[ato + 4], "< more data+++with pluses");
    EXPECT_EQ(texts[ato + 5], "< OK");
    // AT+QISWTMD=4,2 returns too; a second +++ leaves; the close is answered OK.
    const size_t switchMode = FindCommand(lines, "AT+QISWTMD=4,2");
    EXPECT_EQ(texts[switchMode + 2], "< CONNECT");
    EXPECT_EQ(texts.back(), "< OK");
}

TEST(QuectelTranscriptTest, Manual36PskFileUpload)
{
    const auto lines = Play("manual-3-6-psk-file");
    const auto texts = Texts(lines);
    const size_t upload = FindCommand(lines, "AT+QFUPL=\"0_server.psk\"");
    ExpectResponseTiming(lines, upload, "\r\nCONNECT\r\n");
    // Without a size, the upload ends on its 5 s timeout, counted from CONNECT.
    const size_t connect = upload + 2;
    const Time connectSent = lines[connect].time - BYTE * 9;
    EXPECT_EQ(texts[upload + 4], "< +QFUPL: 24,2d62");
    EXPECT_EQ(lines[upload + 4].time, connectSent + Seconds(5) + BYTE * 17);
    EXPECT_EQ(texts[FindCommand(lines, "AT+QFLST") + 2], "< +QFLST: \"0_server.psk\",24");
    for (const char* command : {"AT+QSSLCFG=\"dtls\",0,1",
                                "AT+QSSLCFG=\"dtlsversion\",0,0",
                                "AT+QSSLCFG=\"ciphersuite\",0,0X00AE"})
    {
        ExpectResponseTiming(lines, FindCommand(lines, command), "\r\nOK\r\n");
    }
}

TEST(QuectelTranscriptTest, TinyGsmBringUpUntilSslOpen)
{
    const auto lines = Play("tinygsm-bringup");
    const auto texts = Texts(lines);
    // With ATE0 no echo: each response follows its command directly.
    ExpectResponseTiming(lines,
                         FindCommand(lines, "AT+QICSGP=1,1,\"apn\",\"u\",\"p\""),
                         "\r\nOK\r\n");
    ExpectResponseTiming(lines, FindCommand(lines, "AT+QIACT=1"), "\r\nOK\r\n", Seconds(1));
    ExpectResponseTiming(lines, FindCommand(lines, "AT+CGATT=1"), "\r\nOK\r\n");
    EXPECT_EQ(texts[FindCommand(lines, "AT+QFUPL=\"ca.pem\",24,10") + 1], "< CONNECT");
    for (const char* command : {"AT+QSSLCFG=\"sslversion\",0,3",
                                "AT+QSSLCFG=\"ciphersuite\",0,0X0035",
                                "AT+QSSLCFG=\"seclevel\",0,1",
                                "AT+QSSLCFG=\"cacert\",0,\"ca.pem\"",
                                "AT+QSSLCFG=\"ciphersuite\",0,0XFFFF",
                                "AT+QSSLCFG=\"ignorelocaltime\",0,0"})
    {
        ExpectResponseTiming(lines, FindCommand(lines, command), "\r\nOK\r\n");
    }
    // EnviroDIY's typo and a quoted cipher suite are errors; the driver carries on.
    ExpectResponseTiming(lines,
                         FindCommand(lines, "AT+CSSLCFG=\"sslversion\",0,3"),
                         "\r\nERROR\r\n");
    ExpectResponseTiming(lines,
                         FindCommand(lines, "AT+QSSLCFG=\"ciphersuite\",0,\"0XFFFF\""),
                         "\r\nERROR\r\n");
    EXPECT_EQ(texts.back(), "< OK");
}

TEST(QuectelTranscriptTest, ZephyrBringUpUntilSslOpen)
{
    const auto lines = Play("zephyr-bringup");
    const auto texts = Texts(lines);
    // Deleting a file that is not there: +CME ERROR: 405, which the driver accepts.
    ExpectResponseTiming(lines, FindCommand(lines, "AT+QFDEL=\"f\""), "\r\n+CME ERROR: 405\r\n");
    ExpectResponseTiming(lines, FindCommand(lines, "AT+QFDEL=\"f\"", 1), "\r\nOK\r\n");
    // CFUN=0 drops registration; CFUN=1 registers again 2 s later, reported by +CEREG: 1.
    const size_t radioOn = FindCommand(lines, "AT+CFUN=1");
    size_t urc = 0;
    for (size_t i = radioOn; i < lines.size(); ++i)
    {
        if (texts[i] == "< +CEREG: 1")
        {
            urc = i;
            break;
        }
    }
    ASSERT_NE(urc, 0u);
    // CR LF +CEREG: 1 CR: 12 bytes.
    EXPECT_EQ(lines[urc].time, lines[radioOn].time + PROCESSING + Seconds(2) + BYTE * 12);
    ExpectResponseTiming(lines, FindCommand(lines, "AT+CEREG?"), "\r\n+CEREG: 1,1\r\n\r\nOK\r\n");
    ExpectResponseTiming(lines,
                         FindCommand(lines, "AT+CGPADDR=1"),
                         "\r\n+CGPADDR: 1,\"10.0.0.2\"\r\n\r\nOK\r\n");
    ExpectResponseTiming(lines, FindCommand(lines, "AT+QCFG=\"nwscanmode\",3"), "\r\nOK\r\n");
    ExpectResponseTiming(lines,
                         FindCommand(lines, "AT+QSSLCFG=\"ciphersuite\",1,0xFFFF"),
                         "\r\nOK\r\n");
    // DNS in two stages: OK, then the count and TTL, then one line per address.
    const size_t dns = FindCommand(lines, "AT+QIDNSGIP=1,\"echo.example\"");
    EXPECT_EQ(texts[dns + 2], "< OK");
    EXPECT_EQ(texts[dns + 3], "< +QIURC: \"dnsgip\",0,1,300");
    EXPECT_EQ(texts[dns + 4], "< +QIURC: \"dnsgip\",\"10.0.0.1\"");
}

TEST(QuectelTranscriptTest, SameSeedGivesTheSameTranscript)
{
    const auto first = Play("manual-3-3-buffer-mode");
    const auto second = Play("manual-3-3-buffer-mode");
    ASSERT_EQ(first.size(), second.size());
    for (size_t i = 0; i < first.size(); ++i)
    {
        EXPECT_EQ(AtTranscript::Format(first[i]), AtTranscript::Format(second[i]));
    }
}

TEST(QuectelTranscriptTest, ConsoleRejectsBadInputClearly)
{
    AtConsole::Options options;
    std::ostringstream out;
    std::ostringstream err;
    options.model = "BG96";
    EXPECT_EQ(AtConsole::Run(options, out, err), AtConsole::BAD_INPUT);
    EXPECT_NE(err.str().find("--model: unknown module \"BG96\""), std::string::npos) << err.str();
    options = AtConsole::Options();
    options.script = "AT\n@sleep forever\n";
    err.str("");
    EXPECT_EQ(AtConsole::Run(options, out, err), AtConsole::BAD_INPUT);
    EXPECT_EQ(err.str(), "script line 2: @sleep needs a number of seconds >= 0, got \"forever\"\n");
    options = AtConsole::Options();
    options.linkRate = "fast";
    err.str("");
    EXPECT_EQ(AtConsole::Run(options, out, err), AtConsole::BAD_INPUT);
    options = AtConsole::Options();
    options.expectPath = "/no/such/golden.txt";
    err.str("");
    EXPECT_EQ(AtConsole::Run(options, out, err), AtConsole::BAD_INPUT);
    std::vector<std::pair<std::string, std::string>> dns;
    std::string error;
    EXPECT_FALSE(AtConsole::ParseDnsEntries("a.example=10.0.0.300", dns, error));
    EXPECT_TRUE(AtConsole::ParseDnsEntries("a.example=10.0.0.3,b.example=10.0.0.4", dns, error));
    EXPECT_EQ(dns.size(), 2u);
}

TEST(QuectelTranscriptTest, WaitTimeoutEndsTheRunWithAnError)
{
    AtConsole::Options options;
    options.script = "AT\n@wait +QIOPEN: 0,0 3\n";
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(AtConsole::Run(options, out, err), AtConsole::SCRIPT_FAILED);
    EXPECT_EQ(err.str(), "script line 2: @wait \"+QIOPEN: 0,0\" timed out after 3.000000 s\n");
}

} // namespace

// Maximum response times of the manuals, checked on every transcript.

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

namespace
{

/// The maximum response times of the manuals, by command name.
const std::map<std::string, Time>&
MaximumResponseTimes()
{
    static const std::map<std::string, Time> table = {
        // BG95 SSL application note.
        {"+QSSLCFG", MilliSeconds(300)},
        {"+QSSLCRYPT", MilliSeconds(300)},
        // BG95 TCP/IP application note.
        {"+QICSGP", MilliSeconds(300)},
        {"+QIACT", Seconds(150)},
        {"+QIDEACT", Seconds(40)},
        {"+QIOPEN", Seconds(150)},
        {"+QICLOSE", Seconds(10)},
        {"+QISTATE", MilliSeconds(300)},
        {"+QISEND", MilliSeconds(300)},
        {"+QIRD", MilliSeconds(300)},
        {"+QISWTMD", MilliSeconds(300)},
        {"+QIDNSGIP", Seconds(60)},
        {"+QIGETERROR", MilliSeconds(300)},
        // 3GPP / BG95 AT commands manual.
        {"+CGATT", Seconds(140)},
        {"+CEREG", MilliSeconds(300)},
        {"+CGPADDR", MilliSeconds(300)},
        {"+CFUN", Seconds(15)},
        {"+CCLK", MilliSeconds(300)},
        {"+QCFG", MilliSeconds(300)},
        // BG95 FILE application note.
        {"+QFDEL", MilliSeconds(300)},
        {"+QFLST", MilliSeconds(300)},
    };
    return table;
}

/// The name of the first command of a host line (`AT+QIACT=1` gives `+QIACT`), or "".
std::string
CommandName(const std::string& line)
{
    if (line.size() < 3 || std::toupper(line[0]) != 'A' || std::toupper(line[1]) != 'T')
    {
        return "";
    }
    std::string name;
    for (size_t i = 2; i < line.size() && line[i] != '=' && line[i] != '?' && line[i] != ';'; ++i)
    {
        name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(line[i]))));
    }
    return name;
}

/// Whether a module line is a final result code.
bool
IsFinalResult(const std::string& t)
{
    return t == "OK" || t == "ERROR" || t == "CONNECT" || t == "SEND OK" || t == "SEND FAIL" ||
           t == "NO CARRIER" || t.rfind("+CME ERROR", 0) == 0;
}

TEST(QuectelTranscriptTest, EveryCommandAnswersWithinTheManualsMaximumResponseTime)
{
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(TranscriptDir()))
    {
        if (entry.is_regular_file() && entry.path().extension() == ".at")
        {
            names.push_back(entry.path().stem().string());
        }
    }
    std::sort(names.begin(), names.end());
    ASSERT_FALSE(names.empty());
    std::map<std::string, int> checked;
    for (const auto& name : names)
    {
        SCOPED_TRACE(name);
        const auto lines = Play(name);
        for (size_t i = 0; i < lines.size(); ++i)
        {
            if (lines[i].direction != AtTranscript::HOST_TO_MODULE)
            {
                continue;
            }
            const std::string command = CommandName(lines[i].text);
            const auto bound = MaximumResponseTimes().find(command);
            if (bound == MaximumResponseTimes().end())
            {
                continue;
            }
            SCOPED_TRACE(lines[i].text);
            // Measured from the command's CR, or, after a `>` prompt, from the data's last byte.
            Time from = lines[i].time;
            size_t final = 0;
            for (size_t j = i + 1; j < lines.size() && final == 0; ++j)
            {
                if (lines[j].direction != AtTranscript::MODULE_TO_HOST)
                {
                    continue;
                }
                if (lines[j].text.rfind(">", 0) == 0 && command == "+QISEND")
                {
                    for (size_t k = j + 1; k < lines.size(); ++k)
                    {
                        if (lines[k].direction == AtTranscript::HOST_TO_MODULE)
                        {
                            from = lines[k].time;
                            j = k;
                            break;
                        }
                    }
                    continue;
                }
                if (IsFinalResult(lines[j].text))
                {
                    final = j;
                }
            }
            ASSERT_NE(final, 0u) << "no final result code";
            EXPECT_LE(lines[final].time - from, bound->second)
                << lines[final].text << " after " << (lines[final].time - from).As(Time::MS);
            ++checked[command];
            // The URCs that complete the command count too.
            const char* urc = command == "+QIOPEN"     ? "+QIOPEN: "
                              : command == "+QIDNSGIP" ? "+QIURC: \"dnsgip\""
                                                       : nullptr;
            if (urc && lines[final].text == "OK")
            {
                int urcs = 0;
                for (size_t j = final + 1; j < lines.size(); ++j)
                {
                    if (lines[j].direction == AtTranscript::HOST_TO_MODULE &&
                        CommandName(lines[j].text) == command)
                    {
                        break;
                    }
                    if (lines[j].direction == AtTranscript::MODULE_TO_HOST &&
                        lines[j].text.rfind(urc, 0) == 0)
                    {
                        ++urcs;
                        EXPECT_LE(lines[j].time - lines[i].time, bound->second) << lines[j].text;
                    }
                }
                EXPECT_GT(urcs, 0) << "no " << urc << " URC";
            }
        }
    }
    // The transcripts exercise most of the table.
    for (const char* command : {"+QSSLCFG",
                                "+QICSGP",
                                "+QIACT",
                                "+QIDEACT",
                                "+QIOPEN",
                                "+QICLOSE",
                                "+QISTATE",
                                "+QISEND",
                                "+QIRD",
                                "+QISWTMD",
                                "+QIDNSGIP",
                                "+CGATT",
                                "+CEREG",
                                "+CGPADDR",
                                "+CFUN",
                                "+QCFG",
                                "+QFDEL",
                                "+QFLST"})
    {
        EXPECT_GT(checked[command], 0) << command;
    }
}

} // namespace

namespace
{

/// The index of the first module line with this text, or fails.
size_t
FindResponse(const std::vector<AtTranscript::Line>& lines, const std::string& text, size_t from = 0)
{
    for (size_t i = from; i < lines.size(); ++i)
    {
        if (lines[i].direction == AtTranscript::MODULE_TO_HOST && lines[i].text == text)
        {
            return i;
        }
    }
    ADD_FAILURE() << "no module line " << text;
    return 0;
}

TEST(QuectelSslTranscriptTest, Manual33BufferModeOverRealTls)
{
    const auto lines = Play("manual-ssl-3-3-buffer-mode");
    // The open answers OK at once and +QSSLOPEN after the real handshake (TLS 1.0, 0X0035).
    const size_t open = FindCommand(lines, "AT+QSSLOPEN=1,1,4,\"tls.example\",443,0");
    ExpectResponseTiming(lines, open, "\r\nOK\r\n");
    const size_t opened = FindResponse(lines, "+QSSLOPEN: 4,0", open);
    EXPECT_GT(lines[opened].time - lines[open].time, MilliSeconds(100)); // handshake time
    // The manual's +QSSLSTATE format: server ID = client ID, buffer mode, AT port, context 1.
    const std::string& state = lines[FindCommand(lines, "AT+QSSLSTATE") + 2].text;
    EXPECT_EQ(state.rfind("+QSSLSTATE: 4,\"SSLClient\",\"10.0.0.1\",443,", 0), 0u) << state;
    EXPECT_TRUE(EndsWith(state, ",2,1,4,0,\"uart1\",1")) << state;
    // Both sends come back through TLS byte-exact: 36 bytes, then an empty buffer.
    const size_t read = FindResponse(lines, "+QSSLRECV: 36");
    EXPECT_EQ(lines[read + 1].text, "Test data from SSLTest data from SSL");
    FindResponse(lines, "+QSSLRECV: 0", read);
    FindResponse(lines, "+QSSLRECV: 36,36,0", read);
}

TEST(QuectelSslTranscriptTest, Manual34To36OverRealTlsAndDtls)
{
    const auto push = Play("manual-ssl-3-4-direct-push");
    const size_t urc = FindResponse(push, "+QSSLURC: \"recv\",4,18");
    EXPECT_EQ(push[urc + 1].text, "Test data from SSL");
    const auto transparent = Play("manual-ssl-3-5-transparent");
    const size_t connect =
        FindResponse(transparent,
                     "CONNECT",
                     FindCommand(transparent, "AT+QSSLOPEN=1,1,4,\"tls.example\",443,2"));
    EXPECT_EQ(transparent[connect + 2].text, "Test data from SSL");
    EXPECT_EQ(transparent[connect + 2].direction, AtTranscript::MODULE_TO_HOST);
    const auto dtls = Play("manual-ssl-3-6-dtls-psk");
    const size_t read = FindResponse(dtls, "+QSSLRECV: 18");
    EXPECT_EQ(dtls[read + 1].text, "Test data from SSL");
}

} // namespace

namespace
{

TEST(OneMoTranscriptTest, Manual41ThreeSslSetupsOverRealTls)
{
    const auto lines = Play("onemo-4-1-ssl-setups");
    // No authentication, server authentication, mutual authentication: each opens over a real
    // handshake and echoes.
    for (const char* id : {"0", "1", "2"})
    {
        const std::string open =
            std::string("AT+MIPOPEN=") + id + ",\"TCP\",\"tls.example\",443,,0";
        const size_t command = FindCommand(lines, open);
        ExpectResponseTiming(lines, command, "\r\nOK\r\n");
        FindResponse(lines, std::string("+MIPOPEN: ") + id + ",0", command);
        FindResponse(lines, std::string("+MIPURC: \"rtcp\",") + id + ",5,hello", command);
    }
    // Mutual authentication costs the module an RSA-2048 signature on top: its open takes
    // longer than the server-authenticated one.
    auto openTime = [&](const char* id)
    {
        const size_t command =
            FindCommand(lines, std::string("AT+MIPOPEN=") + id + ",\"TCP\",\"tls.example\",443,,0");
        return lines[FindResponse(lines, std::string("+MIPOPEN: ") + id + ",0", command)].time -
               lines[command].time;
    };
    EXPECT_GT(openTime("2"), openTime("1") + MilliSeconds(900));
}

} // namespace

namespace
{

TEST(OneMoTranscriptTest, SameSeedGivesTheSameSslTranscriptWithinOneProcess)
{
    // The OneMO socket commands reserve a stream block for their TLS contexts and endpoints,
    // so a second run in the same process draws the same TLS randomness.
    const auto first = Play("onemo-4-1-ssl-setups");
    const auto second = Play("onemo-4-1-ssl-setups");
    ASSERT_EQ(first.size(), second.size());
    for (size_t i = 0; i < first.size(); ++i)
    {
        EXPECT_EQ(AtTranscript::Format(first[i]), AtTranscript::Format(second[i]));
    }
}

} // namespace
