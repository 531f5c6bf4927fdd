/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-console.h"

#include "at-script-runner.h"
#include "lpwa-module-helper.h"

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/dns-server.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/log.h"
#include "ns3/module-profile.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-echo-server.h"
#include "ns3/test-pki-helper.h"
#include "ns3/tls-config.h"
#include "ns3/tls-context.h"
#include "ns3/tls-server.h"
#include "ns3/uinteger.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaAtConsole");

namespace
{

bool
IsDottedQuad(const std::string& text)
{
    int parts = 0;
    size_t i = 0;
    while (i < text.size())
    {
        size_t j = i;
        int value = 0;
        while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])) && j - i < 3)
        {
            value = value * 10 + (text[j] - '0');
            ++j;
        }
        if (j == i || value > 255)
        {
            return false;
        }
        ++parts;
        if (j == text.size())
        {
            break;
        }
        if (text[j] != '.')
        {
            return false;
        }
        i = j + 1;
        if (i == text.size())
        {
            return false;
        }
    }
    return parts == 4;
}

/// TestPkiHelper server cases by their --server-cert names.
const std::vector<TestPkiHelper::ServerCase>&
ServerCases()
{
    static const std::vector<TestPkiHelper::ServerCase> cases{TestPkiHelper::VALID,
                                                              TestPkiHelper::EXPIRED,
                                                              TestPkiHelper::NOT_YET_VALID,
                                                              TestPkiHelper::WRONG_HOST,
                                                              TestPkiHelper::SELF_SIGNED,
                                                              TestPkiHelper::UNTRUSTED_ROOT,
                                                              TestPkiHelper::INCOMPLETE_CHAIN};
    return cases;
}

/// Parse a decimal number in [min, max].
bool
ParseNumber(const std::string& text, uint64_t min, uint64_t max, uint64_t& value)
{
    if (text.empty() || text.size() > 19)
    {
        return false;
    }
    value = 0;
    for (char c : text)
    {
        if (!std::isdigit(static_cast<unsigned char>(c)))
        {
            return false;
        }
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    return value >= min && value <= max;
}

/// Tell whether text is an even, non-empty run of hex digits.
bool
IsHex(const std::string& text)
{
    if (text.empty() || text.size() % 2 != 0)
    {
        return false;
    }
    for (char c : text)
    {
        if (!std::isxdigit(static_cast<unsigned char>(c)))
        {
            return false;
        }
    }
    return true;
}

/// "a|b|c" for an error message.
std::string
Choices(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
    {
        out += (out.empty() ? "" : "|") + n;
    }
    return out;
}

/// Check that value is one of names.
bool
OneOf(const std::string& option,
      const std::string& value,
      const std::vector<std::string>& names,
      std::string& error)
{
    for (const auto& n : names)
    {
        if (value == n)
        {
            return true;
        }
    }
    error = option + ": \"" + value + "\" is not one of " + Choices(names);
    return false;
}

/// Simulated Unix time of the TLS server's clock: 2026-06-01 00:00:00 UTC at time zero, inside
/// the test PKI's validity window (TestPkiHelper::DEFAULT_NOT_BEFORE is 2026-01-01).
int64_t
ServerUnixTime()
{
    return 1780272000 + static_cast<int64_t>(Simulator::Now().GetSeconds());
}

} // namespace

bool
AtConsole::CheckServerOptions(const Options& options, std::string& error)
{
    std::vector<std::string> cases;
    for (auto c : ServerCases())
    {
        cases.push_back(TestPkiHelper::ServerCaseName(c));
    }
    if (!OneOf("--server", options.server, {"tcp-echo", "tls"}, error) ||
        !OneOf("--dtls", options.dtls, {"0", "1"}, error) ||
        !OneOf("--server-cert", options.serverCert, cases, error) ||
        !OneOf("--server-key", options.serverKey, {"rsa", "ecdsa"}, error) ||
        !OneOf("--client-auth", options.clientAuth, {"none", "request", "require"}, error) ||
        !OneOf("--session-cache", options.sessionCache, {"0", "1"}, error) ||
        !OneOf("--tickets", options.tickets, {"0", "1"}, error) ||
        !OneOf("--server-min-version",
               options.serverMinVersion,
               {"tls1.0", "tls1.1", "tls1.2", "tls1.3"},
               error))
    {
        return false;
    }
    uint64_t value = 0;
    if (!ParseNumber(options.serverCores, 1, 1024, value))
    {
        error = "--server-cores: \"" + options.serverCores + "\" is not a number in 1..1024";
        return false;
    }
    if (!ParseNumber(options.pkiSeed, 1, UINT64_MAX / 10, value))
    {
        error = "--pki-seed: \"" + options.pkiSeed + "\" is not a number >= 1";
        return false;
    }
    if (!options.psk.empty())
    {
        const size_t colon = options.psk.find(':');
        if (colon == std::string::npos || colon == 0 || colon > 127 ||
            !IsHex(options.psk.substr(colon + 1)) || options.psk.size() - colon - 1 > 128)
        {
            error = "--psk: \"" + options.psk +
                    "\" is not identity:hexkey (identity 1..127 characters, key an even "
                    "number of hex digits, at most 64 bytes)";
            return false;
        }
    }
    return true;
}

bool
AtConsole::ParseDnsEntries(const std::string& text,
                           std::vector<std::pair<std::string, std::string>>& entries,
                           std::string& error)
{
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
    {
        const size_t eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || !IsDottedQuad(item.substr(eq + 1)))
        {
            error = "--dns: \"" + item + "\" is not name=a.b.c.d";
            return false;
        }
        entries.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
    return true;
}

int
AtConsole::Run(const Options& options, std::ostream& out, std::ostream& err)
{
    // Check everything a user typed before building anything.
    if (!ModuleProfile::Find(options.model))
    {
        err << "--model: unknown module \"" << options.model << "\"; known:";
        for (const auto& name : ModuleProfile::GetNames())
        {
            err << " " << name;
        }
        err << std::endl;
        return BAD_INPUT;
    }
    if (options.baud < 300 || options.baud > 4000000)
    {
        err << "--baud: " << options.baud << " is outside 300..4000000" << std::endl;
        return BAD_INPUT;
    }
    if (options.seed == 0 || options.run == 0)
    {
        err << "--seed and --run must be >= 1" << std::endl;
        return BAD_INPUT;
    }
    if (options.linkDelay.IsNegative())
    {
        err << "--link-delay must be >= 0" << std::endl;
        return BAD_INPUT;
    }
    DataRateValue rate;
    if (!rate.DeserializeFromString(options.linkRate, MakeDataRateChecker()) ||
        rate.Get().GetBitRate() == 0)
    {
        err << "--link-rate: \"" << options.linkRate << "\" is not a data rate such as 1Mbps"
            << std::endl;
        return BAD_INPUT;
    }
    std::string error;
    if (!CheckServerOptions(options, error))
    {
        err << error << std::endl;
        return BAD_INPUT;
    }
    uint64_t pkiSeed = 1;
    ParseNumber(options.pkiSeed, 1, UINT64_MAX / 10, pkiSeed);
    uint64_t serverCores = 1;
    ParseNumber(options.serverCores, 1, 1024, serverCores);
    std::unique_ptr<TestPkiHelper> pki;
    if (!options.pkiDir.empty())
    {
        // Before the script is parsed: its @file lines may upload these files.
        pki = std::make_unique<TestPkiHelper>(pkiSeed);
        std::error_code made;
        std::filesystem::create_directories(options.pkiDir, made);
        if (made)
        {
            err << "--pki-dir: cannot create \"" << options.pkiDir << "\": " << made.message()
                << std::endl;
            return BAD_INPUT;
        }
        if (!pki->WritePem(options.pkiDir, error))
        {
            err << "--pki-dir: " << error << std::endl;
            return BAD_INPUT;
        }
    }
    AtScript script;
    std::istringstream scriptStream(options.script);
    if (!script.Parse(scriptStream, options.scriptDirectory, error))
    {
        err << "script " << error << std::endl;
        return BAD_INPUT;
    }
    std::ifstream golden;
    if (!options.expectPath.empty())
    {
        golden.open(options.expectPath);
        if (!golden)
        {
            err << "--expect: cannot read \"" << options.expectPath << "\"" << std::endl;
            return BAD_INPUT;
        }
    }

    RngSeedManager::SetSeed(static_cast<uint32_t>(options.seed));
    RngSeedManager::SetRun(options.run);

    NodeContainer nodes;
    nodes.Create(2); // 0: module, 1: server
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(options.linkRate));
    p2p.SetChannelAttribute("Delay", TimeValue(options.linkDelay));
    NetDeviceContainer devices = p2p.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.0", "0.0.0.1");
    // The server gets 10.0.0.1, the module 10.0.0.2.
    NetDeviceContainer ordered;
    ordered.Add(devices.Get(1));
    ordered.Add(devices.Get(0));
    addresses.Assign(ordered);

    Ptr<DnsServer> dns = CreateObject<DnsServer>();
    dns->AddRecord("echo.example", Ipv4Address("10.0.0.1"));
    dns->AddRecord("tls.example", Ipv4Address("10.0.0.1"));
    for (const auto& [name, address] : options.dns)
    {
        dns->AddRecord(name, Ipv4Address(address.c_str()));
    }
    nodes.Get(1)->AddApplication(dns);
    if (options.echoPort != 0)
    {
        Ptr<TcpEchoServer> echo = CreateObject<TcpEchoServer>();
        echo->SetAttribute("Port", UintegerValue(options.echoPort));
        nodes.Get(1)->AddApplication(echo);
    }
    if (options.server == "tls")
    {
        if (!pki)
        {
            pki = std::make_unique<TestPkiHelper>(pkiSeed);
        }
        TestPkiHelper::ServerCase serverCase = TestPkiHelper::VALID;
        for (auto c : ServerCases())
        {
            if (TestPkiHelper::ServerCaseName(c) == options.serverCert)
            {
                serverCase = c;
            }
        }
        const TestPkiHelper::KeyType keyType =
            options.serverKey == "ecdsa" ? TestPkiHelper::ECDSA_P256 : TestPkiHelper::RSA_2048;
        TlsConfig config;
        config.role = TlsConfig::Role::SERVER;
        // Like the servers module vendors test against: every version from
        // --server-min-version up, and every suite OpenSSL offers (SECLEVEL 0 for TLS 1.0/1.1
        // and SHA-1 suites, which the modules' cipher tables list).
        static const std::map<std::string, TlsConfig::Version> versions = {
            {"tls1.0", TlsConfig::Version::TLS_1_0},
            {"tls1.1", TlsConfig::Version::TLS_1_1},
            {"tls1.2", TlsConfig::Version::TLS_1_2},
            {"tls1.3", TlsConfig::Version::TLS_1_3}};
        config.minVersion = versions.at(options.serverMinVersion);
        config.securityLevelZero = true;
        config.certChainPem = pki->GetServerChainPem(serverCase, keyType);
        config.keyPem = pki->GetServerKeyPem(serverCase, keyType);
        if (options.clientAuth != "none")
        {
            config.verify = options.clientAuth == "require" ? TlsConfig::Verify::REQUIRE_PEER_CERT
                                                            : TlsConfig::Verify::REQUEST;
            config.caPem = pki->GetCaPem(keyType);
            config.timeSource = &ServerUnixTime;
        }
        if (!options.psk.empty())
        {
            const size_t colon = options.psk.find(':');
            config.pskKeys[options.psk.substr(0, colon)] =
                TlsConfig::HexToBytes(options.psk.substr(colon + 1));
        }
        config.sessionResumption = options.sessionCache == "1";
        config.tickets = options.tickets == "1";
        Ptr<TlsServer> tls = CreateObject<TlsServer>();
        tls->SetAttribute("Port", UintegerValue(443));
        tls->SetAttribute("Dtls", BooleanValue(options.dtls == "1"));
        tls->SetAttribute("Cores", UintegerValue(static_cast<uint32_t>(serverCores)));
        tls->GetContext()->SetAttribute("TicketsEnabled", BooleanValue(options.tickets == "1"));
        const std::string problem = config.Validate();
        if (!problem.empty())
        {
            err << "--server=tls: " << problem << std::endl;
            return BAD_INPUT;
        }
        tls->SetConfig(config);
        // Streams far from the module's, so the TLS server never shifts them.
        tls->AssignStreams(1000000);
        nodes.Get(1)->AddApplication(tls);
    }

    LpwaModuleHelper helper;
    helper.SetModuleAttribute("Profile", StringValue(options.model));
    helper.SetUartAttribute("BaudRate", UintegerValue(options.baud));
    Ptr<LpwaModule> module = helper.Install(nodes.Get(0));
    module->GetResolver()->SetServer(Ipv4Address("10.0.0.1"));
    LpwaModuleHelper::AssignStreams({module}, 0);

    Ptr<AtScriptRunner> runner = CreateObject<AtScriptRunner>();
    runner->SetUart(module->GetAtEngine()->GetUart());
    runner->SetScript(script);
    bool ok = false;
    std::string failure;
    runner->SetFinishedCallback(
        [&](bool success, const std::string& message)
        {
            ok = success;
            failure = message;
            Simulator::Stop();
        });
    runner->Start(Seconds(0));
    Simulator::Run();
    if (!runner->IsFinished())
    {
        failure = "the simulation ended before the script did";
    }
    runner->FlushTranscript();
    const AtTranscript transcript = runner->GetTranscript();
    for (const auto& line : transcript.GetLines())
    {
        out << AtTranscript::Format(line) << "\n";
    }
    out.flush();
    runner->Dispose();
    module->Dispose();
    Simulator::Destroy();

    if (!ok)
    {
        err << failure << std::endl;
        return SCRIPT_FAILED;
    }
    if (!options.expectPath.empty())
    {
        std::string report;
        if (!transcript.Matches(golden, options.tolerance, report))
        {
            err << "--expect " << options.expectPath << ": " << report << std::endl;
            return EXPECT_MISMATCH;
        }
    }
    return SUCCESS;
}

} // namespace lpwa
} // namespace ns3
