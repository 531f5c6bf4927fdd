/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "console-scenario.h"

#include "cellular-network-helper.h"
#include "lpwa-module-helper.h"

#include "ns3/boolean.h"
#include "ns3/cellular-registration.h"
#include "ns3/crypto-cost-model.h"
#include "ns3/data-rate.h"
#include "ns3/dns-server.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/integer.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/log.h"
#include "ns3/module-profile.h"
#include "ns3/network-preset.h"
#include "ns3/onemo-network-commands.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/quectel-network-commands.h"
#include "ns3/radio-cell-net-device.h"
#include "ns3/radio-technology.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-echo-server.h"
#include "ns3/test-pki-helper.h"
#include "ns3/tls-config.h"
#include "ns3/tls-context.h"
#include "ns3/tls-server.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaConsoleScenario");

namespace
{

/// Simulated Unix time of the TLS server's clock: 2026-06-01 00:00:00 UTC at time zero, inside
/// the test PKI's validity window (TestPkiHelper::DEFAULT_NOT_BEFORE is 2026-01-01).
int64_t
ServerUnixTime()
{
    return 1780272000 + static_cast<int64_t>(Simulator::Now().GetSeconds());
}

/// A decimal option value CheckOptions() accepted.
uint64_t
CheckedNumber(const std::string& text)
{
    uint64_t value = 0;
    std::istringstream(text) >> value;
    return value;
}

} // namespace

ConsoleScenario::ConsoleScenario() = default;

ConsoleScenario::~ConsoleScenario() = default;

bool
ConsoleScenario::CheckOptions(const AtConsole::Options& options, std::string& error)
{
    if (!ModuleProfile::Find(options.model))
    {
        error = "--model: unknown module \"" + options.model + "\"; known:";
        for (const auto& name : ModuleProfile::GetNames())
        {
            error += " " + name;
        }
        return false;
    }
    if (options.baud < 300 || options.baud > 4000000)
    {
        error = "--baud: " + std::to_string(options.baud) + " is outside 300..4000000";
        return false;
    }
    if (options.seed == 0 || options.run == 0)
    {
        error = "--seed and --run must be >= 1";
        return false;
    }
    if (options.linkDelay.IsNegative())
    {
        error = "--link-delay must be >= 0";
        return false;
    }
    DataRateValue rate;
    if (!rate.DeserializeFromString(options.linkRate, MakeDataRateChecker()) ||
        rate.Get().GetBitRate() == 0)
    {
        error = "--link-rate: \"" + options.linkRate + "\" is not a data rate such as 1Mbps";
        return false;
    }
    if (!CryptoCostModel::CheckSpeedName("--mcu-speed", options.mcuSpeed, error))
    {
        return false;
    }
    if (options.boot != "0" && options.boot != "1")
    {
        error = "--boot: \"" + options.boot + "\" is not 0 or 1";
        return false;
    }
    return AtConsole::CheckServerOptions(options, error) && CheckRadioOptions(options, error);
}

std::string
ConsoleScenario::GetTechnologyName(const AtConsole::Options& options)
{
    const ModuleProfile* profile = ModuleProfile::Find(options.model);
    if (options.rat == "nbiot")
    {
        return profile && profile->IsRatSupported(ModuleProfile::CAT_NB2) ? "Cat-NB2" : "Cat-NB1";
    }
    return options.rat == "ltem" ? "Cat-M1" : "Cat-1";
}

bool
ConsoleScenario::CheckRadioOptions(const AtConsole::Options& options, std::string& error)
{
    if (options.rat.empty())
    {
        if (!options.network.empty())
        {
            error = "--network needs --rat=nbiot|ltem|cat1 (without --rat the module has no radio)";
            return false;
        }
        if (!options.ce.empty() || !options.mcl.empty())
        {
            error = std::string(options.ce.empty() ? "--mcl" : "--ce") +
                    " needs --rat=nbiot|ltem|cat1 (without --rat the module has no radio)";
            return false;
        }
        return true;
    }
    if (options.rat != "nbiot" && options.rat != "ltem" && options.rat != "cat1")
    {
        error = "--rat: \"" + options.rat + "\" is not one of nbiot|ltem|cat1";
        return false;
    }
    const ModuleProfile* profile = ModuleProfile::Find(options.model);
    if (profile)
    {
        const uint32_t need =
            options.rat == "nbiot"
                ? (ModuleProfile::CAT_NB1 | ModuleProfile::CAT_NB2)
                : (options.rat == "ltem" ? ModuleProfile::CAT_M1 : ModuleProfile::LTE_CAT1);
        if ((profile->GetRats() & need) == 0)
        {
            std::string rats;
            const std::vector<std::pair<uint32_t, std::string>> names = {
                {ModuleProfile::CAT_M1, "Cat-M1 (ltem)"},
                {ModuleProfile::CAT_NB1, "Cat-NB1 (nbiot)"},
                {ModuleProfile::CAT_NB2, "Cat-NB2 (nbiot)"},
                {ModuleProfile::EGPRS, "EGPRS (not modelled)"},
                {ModuleProfile::LTE_CAT1, "Cat.1 (cat1)"}};
            for (const auto& [bit, name] : names)
            {
                if (profile->IsRatSupported(static_cast<ModuleProfile::Rat>(bit)))
                {
                    rats += (rats.empty() ? "" : ", ") + name;
                }
            }
            error = "--rat: " + options.model + " has no " + options.rat +
                    " radio (its RATs: " + rats + ")";
            return false;
        }
    }
    if (!options.network.empty() && !NetworkPreset::CheckName("--network", options.network, error))
    {
        return false;
    }
    if (!options.ce.empty() && !options.mcl.empty())
    {
        error = "--ce and --mcl are exclusive: give a coverage class or an MCL, not both";
        return false;
    }
    if (!options.ce.empty())
    {
        bool known = false;
        const RadioTechnology tech = RadioTechnology::FromName(GetTechnologyName(options), &known);
        const uint32_t classes = std::min<uint32_t>(3, tech.GetCoverageClassCount());
        if (options.ce.size() != 1 || options.ce[0] < '0' ||
            static_cast<uint32_t>(options.ce[0] - '0') >= classes)
        {
            error = "--ce: \"" + options.ce + "\" is not a coverage class of " + tech.GetName() +
                    " (0.." + std::to_string(classes - 1) + ")";
            return false;
        }
    }
    if (!options.mcl.empty())
    {
        char* end = nullptr;
        const double mcl = std::strtod(options.mcl.c_str(), &end);
        if (end == options.mcl.c_str() || *end != '\0' || !(mcl >= 0 && mcl <= 200))
        {
            error = "--mcl: \"" + options.mcl + "\" is not a coupling loss in dB (0..200)";
            return false;
        }
    }
    return true;
}

bool
ConsoleScenario::WritePki(const AtConsole::Options& options, std::string& error)
{
    m_pki = std::make_unique<TestPkiHelper>(CheckedNumber(options.pkiSeed));
    std::error_code made;
    std::filesystem::create_directories(options.pkiDir, made);
    if (made)
    {
        error = "--pki-dir: cannot create \"" + options.pkiDir + "\": " + made.message();
        return false;
    }
    std::string problem;
    if (!m_pki->WritePem(options.pkiDir, problem))
    {
        error = "--pki-dir: " + problem;
        return false;
    }
    return true;
}

bool
ConsoleScenario::Build(const AtConsole::Options& options, std::string& error)
{
    if (m_module)
    {
        NS_FATAL_ERROR("ns3::lpwa::ConsoleScenario::Build: called twice");
    }
    RngSeedManager::SetSeed(static_cast<uint32_t>(options.seed));
    RngSeedManager::SetRun(options.run);

    Ipv4Address serverAddress("10.0.0.1");
    if (options.rat.empty())
    {
        m_nodes.Create(2); // 0: module, 1: server
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue(options.linkRate));
        p2p.SetChannelAttribute("Delay", TimeValue(options.linkDelay));
        m_devices = p2p.Install(m_nodes);
        InternetStackHelper internet;
        internet.Install(m_nodes);
        Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.0", "0.0.0.1");
        // The server gets 10.0.0.1, the module 10.0.0.2.
        NetDeviceContainer ordered;
        ordered.Add(m_devices.Get(1));
        ordered.Add(m_devices.Get(0));
        addresses.Assign(ordered);
    }
    else
    {
        NodeContainer module;
        module.Create(1);
        CellularNetworkHelper radio;
        radio.SetTechnology(GetTechnologyName(options));
        if (!options.network.empty())
        {
            radio.SetNetworkPreset(options.network);
        }
        DataRateValue rate;
        rate.DeserializeFromString(options.linkRate, MakeDataRateChecker());
        radio.SetCoreLink(rate.Get(), options.linkDelay);
        if (!options.ce.empty())
        {
            radio.SetDeviceAttribute("CoverageClass",
                                     IntegerValue(static_cast<int32_t>(CheckedNumber(options.ce))));
        }
        if (!options.mcl.empty())
        {
            radio.SetDeviceAttribute("Mcl", DoubleValue(std::strtod(options.mcl.c_str(), nullptr)));
        }
        radio.AssignStreams(3000000);
        m_devices = radio.Install(module);
        radio.AssignStreams(3000000);
        m_cell = radio.GetCell(0);
        m_nodes.Add(module.Get(0));
        m_nodes.Add(radio.GetServer(0));
        serverAddress = radio.GetServerAddress(0);
    }

    Ptr<DnsServer> dns = CreateObject<DnsServer>();
    dns->AddRecord("echo.example", serverAddress);
    dns->AddRecord("tls.example", serverAddress);
    for (const auto& [name, address] : options.dns)
    {
        dns->AddRecord(name, Ipv4Address(address.c_str()));
    }
    m_nodes.Get(1)->AddApplication(dns);
    if (options.echoPort != 0)
    {
        Ptr<TcpEchoServer> echo = CreateObject<TcpEchoServer>();
        echo->SetAttribute("Port", UintegerValue(options.echoPort));
        m_nodes.Get(1)->AddApplication(echo);
    }
    if (options.server == "tls")
    {
        if (!m_pki)
        {
            m_pki = std::make_unique<TestPkiHelper>(CheckedNumber(options.pkiSeed));
        }
        TestPkiHelper::ServerCase serverCase = TestPkiHelper::VALID;
        for (int c = TestPkiHelper::VALID; c <= TestPkiHelper::INCOMPLETE_CHAIN; ++c)
        {
            const auto candidate = static_cast<TestPkiHelper::ServerCase>(c);
            if (TestPkiHelper::ServerCaseName(candidate) == options.serverCert)
            {
                serverCase = candidate;
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
        config.certChainPem = m_pki->GetServerChainPem(serverCase, keyType);
        config.keyPem = m_pki->GetServerKeyPem(serverCase, keyType);
        if (options.clientAuth != "none")
        {
            config.verify = options.clientAuth == "require" ? TlsConfig::Verify::REQUIRE_PEER_CERT
                                                            : TlsConfig::Verify::REQUEST;
            config.caPem = m_pki->GetCaPem(keyType);
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
        tls->SetAttribute("Cores",
                          UintegerValue(static_cast<uint32_t>(CheckedNumber(options.serverCores))));
        tls->GetContext()->SetAttribute("TicketsEnabled", BooleanValue(options.tickets == "1"));
        const std::string problem = config.Validate();
        if (!problem.empty())
        {
            error = "--server=tls: " + problem;
            return false;
        }
        tls->SetConfig(config);
        // Streams far from the module's, so the TLS server never shifts them.
        tls->AssignStreams(1000000);
        m_nodes.Get(1)->AddApplication(tls);
    }

    LpwaModuleHelper helper;
    helper.SetModuleAttribute("Profile", StringValue(options.model));
    CryptoCostModel::Speed speed = CryptoCostModel::NOMINAL;
    CryptoCostModel::ParseSpeedName(options.mcuSpeed, speed);
    helper.SetModuleAttribute("McuSpeed", EnumValue(speed));
    helper.SetUartAttribute("BaudRate", UintegerValue(options.baud));
    m_module = helper.Install(m_nodes.Get(0));
    m_module->GetResolver()->SetServer(serverAddress);
    LpwaModuleHelper::AssignStreams({m_module}, 0);
    if (options.boot == "1")
    {
        // Off at 0 s, then the boot: nothing answers until RDY.
        Ptr<LpwaModule> module = m_module;
        Simulator::Schedule(Seconds(0),
                            [module]()
                            {
                                module->PowerOff();
                                module->PowerOn();
                            });
    }
    if (m_cell)
    {
        Ptr<CellularRegistration> registration;
        if (auto quectel = m_module->GetCommandSet<QuectelNetworkCommands>())
        {
            registration = quectel->GetRegistration();
        }
        else if (auto onemo = m_module->GetCommandSet<OneMoNetworkCommands>())
        {
            registration = onemo->GetRegistration();
        }
        if (registration)
        {
            // NITZ: the network's clock is the TLS server's (ServerUnixTime()).
            registration->SetAttribute("NetworkTime", StringValue("26/06/01,00:00:00+00"));
        }
    }
    return true;
}

void
ConsoleScenario::SetLinkUp(bool up)
{
    if (!m_module)
    {
        NS_FATAL_ERROR("ns3::lpwa::ConsoleScenario::SetLinkUp: call Build() first");
    }
    NS_LOG_FUNCTION(this << up);
    if (m_cell)
    {
        m_cell->SetAvailable(up);
        m_linkUp = up;
        return;
    }
    if (!up && !m_outage[0])
    {
        for (uint32_t i = 0; i < 2; ++i)
        {
            m_outage[i] = CreateObject<RateErrorModel>();
            m_outage[i]->SetAttribute("ErrorUnit", EnumValue(RateErrorModel::ERROR_UNIT_PACKET));
            m_outage[i]->SetAttribute("ErrorRate", DoubleValue(1.0));
            m_outage[i]->AssignStreams(2000000 + i);
            DynamicCast<PointToPointNetDevice>(m_devices.Get(i))->SetReceiveErrorModel(m_outage[i]);
        }
    }
    for (const auto& model : m_outage)
    {
        if (model)
        {
            if (up)
            {
                model->Disable();
            }
            else
            {
                model->Enable();
            }
        }
    }
    m_linkUp = up;
}

bool
ConsoleScenario::IsLinkUp() const
{
    return m_linkUp;
}

Ptr<LpwaModule>
ConsoleScenario::GetModule() const
{
    return m_module;
}

Ptr<RadioCellNetDevice>
ConsoleScenario::GetCell() const
{
    return m_cell;
}

NodeContainer
ConsoleScenario::GetNodes() const
{
    return m_nodes;
}

void
ConsoleScenario::Dispose()
{
    if (m_module)
    {
        m_module->Dispose();
    }
}

} // namespace lpwa
} // namespace ns3
