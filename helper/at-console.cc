/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-console.h"

#include "at-script-runner.h"
#include "console-scenario.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/test-pki-helper.h"

#include <fstream>
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
    std::string error;
    if (!ConsoleScenario::CheckOptions(options, error))
    {
        err << error << std::endl;
        return BAD_INPUT;
    }
    ConsoleScenario scenario;
    // Before the script is parsed: its @file lines may upload these files.
    if (!options.pkiDir.empty() && !scenario.WritePki(options, error))
    {
        err << error << std::endl;
        return BAD_INPUT;
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

    if (!scenario.Build(options, error))
    {
        err << error << std::endl;
        return BAD_INPUT;
    }
    Ptr<LpwaModule> module = scenario.GetModule();

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
    scenario.Dispose();
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
