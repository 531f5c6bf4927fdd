/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Full-module fuzz: a BG95-M3 with the whole Quectel dialect, on a network with a TCP echo
// server and a DNS server, fed thousands of seeded random and mutated command lines (and data
// bytes) in batches separated by simulated silences, so that data modes (`>` prompt, file
// upload, transparent mode) are entered and left. Afterwards a host recovers the module the
// way a driver does (silence, guarded `+++`, ESC, `ATE1V1Q0`) and the module must answer `AT`
// with `OK` in command mode. Seed: 20261122 (std::mt19937), 8000 lines, fixed so failures
// reproduce; the environment variables LPWA_FUZZ_SEED and LPWA_FUZZ_LINES explore further
// (e.g. LPWA_FUZZ_SEED=900 LPWA_FUZZ_LINES=50000, about 2 s).

#include "at-fuzz-filter.h"
#include "lpwa-test-harness.h"

#include "ns3/lpwa-module-helper.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <regex>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// The command lines of every test/transcripts/*.at script (script directives left out).
std::vector<std::string>
TranscriptCommands()
{
    std::vector<std::string> lines;
    const std::string dir = std::string(NS_TEST_SOURCEDIR) + "/transcripts";
    DIR* d = opendir(dir.c_str());
    if (!d)
    {
        return lines;
    }
    std::vector<std::string> names;
    while (dirent* entry = readdir(d))
    {
        const std::string name = entry->d_name;
        if (name.size() > 3 && name.compare(name.size() - 3, 3, ".at") == 0)
        {
            names.push_back(name);
        }
    }
    closedir(d);
    std::sort(names.begin(), names.end()); // readdir order is not portable
    for (const auto& name : names)
    {
        std::ifstream file(dir + "/" + name);
        std::string line;
        while (std::getline(file, line))
        {
            if (line.rfind("@data ", 0) == 0)
            {
                // Data typed in data modes; \x1A and \r\n escapes as the script means them.
                std::string data = line.substr(6);
                for (const auto& [from, to] :
                     std::vector<std::pair<std::string, std::string>>{{"\\x1A", "\x1a"},
                                                                      {"\\r", "\r"},
                                                                      {"\\n", "\n"}})
                {
                    for (size_t p = data.find(from); p != std::string::npos; p = data.find(from))
                    {
                        data.replace(p, from.size(), to);
                    }
                }
                lines.push_back(data);
            }
            else if (!line.empty() && line[0] != '@')
            {
                lines.push_back(line + "\r");
            }
        }
    }
    return lines;
}

/// The commands of the Quectel dialect, in the forms drivers use them.
const std::vector<std::string> COMMANDS = {
    "AT+QSSLCFG=\"sslversion\",1,1\r",
    "AT+QSSLCFG=\"ciphersuite\",1,0X0035\r",
    "AT+QSSLCFG=\"ciphersuite\",0,0XFFFF\r",
    "AT+QSSLCFG=\"seclevel\",1,2\r",
    "AT+QSSLCFG=\"cacert\",1,\"f\"\r",
    "AT+QSSLCFG=\"clientcert\",1,\"c.pem\"\r",
    "AT+QSSLCFG=\"clientkey\",1,\"k.pem\"\r",
    "AT+QSSLCFG=\"ignorelocaltime\",1,1\r",
    "AT+QSSLCFG=\"negotiatetime\",1,300\r",
    "AT+QSSLCFG=\"sni\",1,1\r",
    "AT+QSSLCFG=\"dtls\",0,1\r",
    "AT+QSSLCFG=\"dtlsversion\",0,0\r",
    "AT+QSSLCFG=\"psk\",0,\"id\",\"key\"\r",
    "AT+QSSLCFG=\"cacert\",1\r",
    "AT+QSSLCFG=?\r",
    "AT+QSSLCRYPT=\"MD5\",\"hello\"\r",
    "AT+QSSLCRYPT=\"AES\",\"00112233445566778899AABBCCDDEEFF\",1,1,\"0123456789abcdef\"\r",
    "AT+QFUPL=\"f\",16,10\r",
    "AT+QFUPL=\"g\",4\r",
    "AT+QFUPL=\"UFS:h.txt\"\r",
    "AT+QFUPL=?\r",
    "AT+QFDEL=\"f\"\r",
    "AT+QFDEL=\"*\"\r",
    "AT+QFLST\r",
    "AT+QFLST=\"*\"\r",
    "AT+QFLDS\r",
    "AT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",7,0,0\r",
    "AT+QIOPEN=1,1,\"TCP\",\"10.0.0.1\",7,0,1\r",
    "AT+QIOPEN=1,2,\"TCP\",\"10.0.0.1\",7,0,2\r",
    "AT+QIOPEN=1,3,\"TCP\",\"echo.example\",7,0,0\r",
    "AT+QIOPEN=1,4,\"UDP\",\"10.0.0.1\",7,0,0\r",
    "AT+QIOPEN=1,5,\"TCP\",\"10.0.0.1\",9,0,0\r",
    "AT+QISEND=0\r",
    "AT+QISEND=0,5\r",
    "AT+QISEND=1,0\r",
    "AT+QISEND=2\r",
    "AT+QIRD=0,1500\r",
    "AT+QIRD=0,0\r",
    "AT+QIRD=1,10\r",
    "AT+QICLOSE=0\r",
    "AT+QICLOSE=2,10\r",
    "AT+QISTATE\r",
    "AT+QISTATE=1,0\r",
    "AT+QISTATE=0,1\r",
    "AT+QISWTMD=0,2\r",
    "AT+QISWTMD=2,0\r",
    "AT+QISWTMD=1,1\r",
    "AT+QIACT=1\r",
    "AT+QIACT?\r",
    "AT+QIACT=?\r",
    "AT+QIDEACT=1\r",
    "AT+QICSGP=1,1,\"apn\",\"u\",\"p\",1\r",
    "AT+QICSGP=1\r",
    "AT+CGATT=1\r",
    "AT+CGATT=0\r",
    "AT+CGATT?\r",
    "AT+CEREG=1\r",
    "AT+CEREG=2\r",
    "AT+CEREG?\r",
    "AT+CGPADDR=1\r",
    "AT+CGPADDR\r",
    "AT+QIDNSGIP=1,\"echo.example\"\r",
    "AT+QIDNSGIP=1,\"nx.example\"\r",
    "AT+QIDNSCFG=1,\"10.0.0.1\"\r",
    "AT+QIDNSCFG=1\r",
    "AT+CCLK?\r",
    "AT+CCLK=\"26/11/22,10:00:00+00\"\r",
    "AT+QIGETERROR\r",
    "AT+CFUN=0\r",
    "AT+CFUN=1\r",
    "AT+CFUN=4\r",
    "AT+CFUN=1,1\r",
    "AT+CFUN?\r",
    "AT+QPOWD=1\r",
    "AT+CPIN?\r",
    "AT+CPIN=\"1234\"\r",
    "AT+GSN\r",
    "AT+CGSN=1\r",
    "AT+CIMI\r",
    "AT+QCCID\r",
    "AT+CSQ\r",
    "AT+CESQ\r",
    "AT+QCSQ\r",
    "AT+COPS?\r",
    "AT+COPS=?\r",
    "AT+COPS=3,2\r",
    "AT+COPS=2\r",
    "AT+COPS=0\r",
    "AT+QNWINFO\r",
    "AT+QSPN\r",
    "AT+CREG=2\r",
    "AT+CGREG=4\r",
    "AT+CEREG=5\r",
    "AT+CREG?\r",
    "AT+CTZR=2\r",
    "AT+QLTS=2\r",
    "AT+CPSMS=1,,,\"00100001\",\"00000101\"\r",
    "AT+CPSMS?\r",
    "AT+CEDRXS=2,5,\"0101\"\r",
    "AT+QSCLK=1\r",
    "AT+QCFG=\"nwscanmode\",3\r",
    "AT+QCFG=\"iotopmode\",0\r",
    "AT+QCFG=\"nwscanseq\",020301\r",
    "AT+QCFG=\"band\"\r",
    "ATE0\r",
    "ATE1\r",
    "ATV0\r",
    "ATV1\r",
    "ATQ1\r",
    "ATQ0\r",
    "ATS0?\r",
    "ATS7=30\r",
    "ATS3?\r",
    "ATS12?\r",
    "AT&D0\r",
    "AT&D1\r",
    "AT&D2\r",
    "ATO\r",
    "ATO0\r",
    "AT+IPR=115200\r",
    "AT+IPR?\r",
    "AT+IPR=?\r",
    "ATZ\r",
    "AT&F\r",
    "A/\r",
    "AT+CMEE=2\r",
    "AT+CMEE=0;+QIACT?;+QISTATE\r",
    // Sessions: activate, open, and use the socket (ERROR from an active context is harmless).
    "AT+QIACT=1\rAT+QIOPEN=1,0,\"TCP\",\"10.0.0.1\",7,0,0\rAT+QISEND=0\rhello\x1a",
    "AT+QIACT=1\rAT+QIOPEN=1,1,\"TCP\",\"10.0.0.1\",7,0,1\rAT+QISEND=1,5\rhello",
    "AT+QIACT=1\rAT+QIOPEN=1,2,\"TCP\",\"10.0.0.1\",7,0,2\rhello\r\n",
    "AT+QISEND=0\rdata\x1b",
    "AT+QISEND=1,3\rab",
    "AT+QFUPL=\"u\",8,3\r1234",
    "Test data from SSL\x1a",
    "hello\x1b",
    "+++",
};

/// Count the entries into each engine state.
void
CountEntry(std::map<std::string, int>* entered, AtEngine::State, AtEngine::State to)
{
    ++(*entered)[AtEngine::GetStateName(to)];
}

TEST(QuectelFuzzTest, FuzzedSessionsLeaveTheModuleRecoverable)
{
    test::TwoNodeNetwork net;
    net.Build(DataRate("1Mbps"), MilliSeconds(20));
    net.AddEchoServer(0);
    net.AddDnsServer(0, "echo.example", Ipv4Address("10.0.0.1"));
    test::ModuleBench bench;
    bench.CreateOnNode(net.Get(1), Ipv4Address("10.0.0.1"));
    LpwaModuleHelper::AddDialectCommandSets(bench.module);
    bench.module->Initialize();
    const Time byte = bench.uart->GetByteTime();

    // LPWA_FUZZ_SEED and LPWA_FUZZ_LINES override the seed and the length, to explore.
    const char* seedEnv = std::getenv("LPWA_FUZZ_SEED");
    const char* linesEnv = std::getenv("LPWA_FUZZ_LINES");
    const uint32_t seed = seedEnv ? std::stoul(seedEnv) : 20261122;
    const int totalLines = linesEnv ? std::stoi(linesEnv) : 8000;
    std::mt19937 rng(seed);
    std::map<std::string, int> entered;
    bench.module->GetAtEngine()->TraceConnectWithoutContext(
        "StateTransition",
        MakeBoundCallback(&CountEntry, &entered));
    std::vector<std::string> seeds = COMMANDS;
    for (const auto& line : TranscriptCommands())
    {
        seeds.push_back(line);
    }
    ASSERT_GT(seeds.size(), COMMANDS.size()) << "no transcripts found";
    const std::string alphabet = "AT+QISENDOPCLFG=?,;\"0123456789XE&VSZ \x08\x1a\x1b\r\nat";

    auto mutate = [&](std::string line)
    {
        const int mutations = rng() % 2 ? 0 : 1 + rng() % 4; // half the commands as they are
        for (int m = 0; m < mutations && !line.empty(); ++m)
        {
            const size_t pos = rng() % line.size();
            switch (rng() % 5)
            {
                case 0:
                    line[pos] = alphabet[rng() % alphabet.size()];
                    break;
                case 1:
                    line.insert(pos, 1, static_cast<char>(rng() % 256));
                    break;
                case 2:
                    line.erase(pos, 1);
                    break;
                case 3:
                    line.insert(pos, 1, "\x1a\x1b+\r"[rng() % 4]);
                    break;
                default:
                {
                    // Splice: a piece of another command.
                    const std::string& other = seeds[rng() % seeds.size()];
                    const size_t from = rng() % other.size();
                    line.insert(pos, other.substr(from, rng() % 12));
                }
            }
        }
        return line;
    };
    auto randomLine = [&]()
    {
        std::string line;
        const size_t len = rng() % 60;
        for (size_t k = 0; k < len; ++k)
        {
            line.push_back(rng() % 4 ? alphabet[rng() % alphabet.size()]
                                     : static_cast<char>(rng() % 256));
        }
        return line + "\r";
    };

    // Fuzz phase: batches of lines typed back to back, then a silence.
    Time t = Seconds(3); // registered at 2 s
    int lines = 0;
    while (lines < totalLines)
    {
        std::string batch;
        const int count = 1 + rng() % 8;
        for (int i = 0; i < count; ++i, ++lines)
        {
            std::string line;
            do
            {
                line = rng() % 4 == 0 ? randomLine() : mutate(seeds[rng() % seeds.size()]);
            } while (test::IsForbiddenFuzzInput(line));
            batch += line;
        }
        const uint32_t kind = rng() % 20;
        if (kind == 1 || kind == 2)
        {
            // A session typed as a driver does: activate, open, wait for the connection, send
            // (the data possibly mutated, so its end may come early, late or never).
            const std::string id = std::to_string(rng() % 12);
            bench.host.TypeAt(t, "AT+QIACT=1\r");
            t += Seconds(1.2);
            bench.host.TypeAt(t,
                              "AT+QIOPEN=1," + id + ",\"TCP\",\"10.0.0.1\",7,0," +
                                  std::to_string(rng() % 2) + "\r");
            t += Seconds(0.3);
            std::string send = kind == 1 ? "AT+QISEND=" + id + "\r" + mutate("hello\x1a")
                                         : "AT+QISEND=" + id + ",5\r" + mutate("hello");
            if (!test::IsForbiddenFuzzInput(send))
            {
                bench.host.TypeAt(t, send);
                t += byte * static_cast<int64_t>(send.size()) + Seconds(0.5);
            }
        }
        if (kind == 0)
        {
            // A guarded escape, to leave transparent mode.
            t += Seconds(1.5);
            bench.host.TypeAt(t, "+++");
            t += byte * 3 + Seconds(1.5);
        }
        bench.host.TypeAt(t, batch);
        t += byte * static_cast<int64_t>(batch.size());
        static const double gaps[] = {0.01, 0.2, 0.5, 1.1, 1.5, 3, 6, 11, 65};
        t += Seconds(gaps[rng() % 9]);
    }

    // Recovery: 120 s of silence (a module powered down by AT+QPOWD is powered on, as a host
    // does with PWRKEY), "+++" with 1.5 s of silence on both sides, ESC, settings.
    Simulator::Schedule(t,
                        [&bench]()
                        {
                            bench.module->PowerOn();
                        });
    t += Seconds(120);
    bench.host.TypeAt(t, "+++");
    t += byte * 3 + Seconds(1.5);
    bench.host.TypeAt(t, "\x1b");
    t += Seconds(1);
    // A CR first ends whatever partial line there is (the "+++" itself, if the module was in
    // command mode already): that line is answered ERROR and forgotten.
    bench.host.TypeAt(t, "\r");
    t += Seconds(1);
    bench.host.TypeAt(t, "ATE1V1Q0\r");
    t += Seconds(1);
    Simulator::Stop(t);
    Simulator::Run();
    std::cout << "seed " << seed << ", " << totalLines << " lines, ends at "
              << Simulator::Now().GetSeconds() << " s; states entered:";
    for (const auto& [state, n] : entered)
    {
        std::cout << " " << state << " " << n;
    }
    std::cout << std::endl;
    // Every data mode was entered (and left again).
    for (const char* state : {"PROMPT_INPUT", "FIXED_INPUT", "UPLOAD", "TRANSPARENT"})
    {
        EXPECT_GT(entered[state], 0) << state;
    }
    EXPECT_EQ(bench.module->GetAtEngine()->GetState(), AtEngine::COMMAND);
    EXPECT_EQ(bench.host.Cmd("AT\r", Seconds(1)), "AT\r\r\nOK\r\n");
    EXPECT_EQ(bench.module->GetAtEngine()->GetState(), AtEngine::COMMAND);
    EXPECT_TRUE(bench.module->GetAtEngine()->IsEchoEnabled());
    bench.Dispose();
    test::TwoNodeNetwork::Destroy();
}

} // namespace
