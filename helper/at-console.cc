/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "at-console.h"

#include "at-script-runner.h"
#include "lpwa-module-helper.h"

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
#include "ns3/uinteger.h"

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

} // namespace

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
    AtScript script;
    std::string error;
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
