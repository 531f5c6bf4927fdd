/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// lpwa-over-lte-epc: a modelled module over ns-3's own LTE radio and EPC core (the LENA
// module), to show that the module needs nothing but an IP link. One eNB, one UE node carrying
// a BG95-M3 module, a PGW and a remote host running a TLS echo server and a DNS server. The
// host script brings the module up (registration and PDP stand-ins: ns-3's LTE device is not
// the lpwa radio model), opens a TLS connection to tls.example:443, sends "hello" and reads the
// echo. Prints the timed transcript; exits 0 when the script completed.
//
//   ./build/examples/lpwa-over-lte-epc [--seed=1] [--run=1]

#include "ns3/at-script-runner.h"
#include "ns3/at-script.h"
#include "ns3/at-transcript.h"
#include "ns3/command-line.h"
#include "ns3/dns-server.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/lpwa-module-helper.h"
#include "ns3/lte-helper.h"
#include "ns3/mobility-helper.h"
#include "ns3/point-to-point-epc-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test-pki-helper.h"
#include "ns3/tls-config.h"
#include "ns3/tls-server.h"
#include "ns3/uinteger.h"

#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{

/// The host's script: bring-up, TLS open (no verification), echo, close.
const char* const kScript = "AT+CEREG=1\n"
                            "@wait +CEREG: 1 10\n"
                            "AT+QICSGP=1,1,\"internet\",\"\",\"\",0\n"
                            "AT+QIACT=1\n"
                            "AT+QIACT?\n"
                            "AT+QSSLOPEN=1,1,1,\"tls.example\",443,0\n"
                            "@wait +QSSLOPEN: 1, 30\n"
                            "AT+QSSLSEND=1,5\n"
                            "@data hello\n"
                            "@wait SEND OK\n"
                            "@wait +QSSLURC: \"recv\",1 30\n"
                            "AT+QSSLRECV=1,1500\n"
                            "AT+QSSLCLOSE=1,0\n";

} // namespace

int
main(int argc, char* argv[])
{
    uint64_t seed = 1;
    uint64_t run = 1;
    CommandLine cmd(__FILE__);
    cmd.Usage("A modelled BG95-M3 over ns-3's LTE/EPC: bring-up, TLS open and echo.");
    cmd.AddValue("seed", "Random seed (>= 1)", seed);
    cmd.AddValue("run", "Run number (>= 1)", run);
    cmd.Parse(argc, argv);
    if (seed == 0 || run == 0)
    {
        std::cerr << "--seed and --run must be >= 1" << std::endl;
        return 3;
    }
    RngSeedManager::SetSeed(static_cast<uint32_t>(seed));
    RngSeedManager::SetRun(run);

    // LTE radio and EPC core (LENA): eNB, PGW, remote host behind the PGW.
    Ptr<LteHelper> lte = CreateObject<LteHelper>();
    Ptr<PointToPointEpcHelper> epc = CreateObject<PointToPointEpcHelper>();
    lte->SetEpcHelper(epc);
    Ptr<Node> pgw = epc->GetPgwNode();

    NodeContainer remote;
    remote.Create(1);
    InternetStackHelper internet;
    internet.Install(remote);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(10)));
    NetDeviceContainer core = p2p.Install(pgw, remote.Get(0));
    Ipv4AddressHelper coreAddresses("1.0.0.0", "255.0.0.0");
    Ipv4InterfaceContainer coreInterfaces = coreAddresses.Assign(core);
    const Ipv4Address server = coreInterfaces.GetAddress(1);
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(remote.Get(0)->GetObject<Ipv4>())
        ->AddNetworkRouteTo(Ipv4Address("7.0.0.0"), Ipv4Mask("255.0.0.0"), 1);

    NodeContainer enb;
    enb.Create(1);
    NodeContainer ue;
    ue.Create(1);
    MobilityHelper mobility;
    mobility.Install(enb);
    mobility.Install(ue);
    NetDeviceContainer enbDevices = lte->InstallEnbDevice(enb);
    NetDeviceContainer ueDevices = lte->InstallUeDevice(ue);
    internet.Install(ue);
    epc->AssignUeIpv4Address(ueDevices);
    routing.GetStaticRouting(ue.Get(0)->GetObject<Ipv4>())
        ->SetDefaultRoute(epc->GetUeDefaultGatewayAddress(), 1);
    lte->Attach(ueDevices.Get(0), enbDevices.Get(0));

    // Servers on the remote host: DNS (tls.example) and a TLS echo server (test PKI).
    Ptr<lpwa::DnsServer> dns = CreateObject<lpwa::DnsServer>();
    dns->AddRecord("tls.example", server);
    remote.Get(0)->AddApplication(dns);
    lpwa::TestPkiHelper pki(1);
    lpwa::TlsConfig config;
    config.role = lpwa::TlsConfig::Role::SERVER;
    config.securityLevelZero = true;
    config.certChainPem =
        pki.GetServerChainPem(lpwa::TestPkiHelper::VALID, lpwa::TestPkiHelper::RSA_2048);
    config.keyPem = pki.GetServerKeyPem(lpwa::TestPkiHelper::VALID, lpwa::TestPkiHelper::RSA_2048);
    const std::string problem = config.Validate();
    if (!problem.empty())
    {
        std::cerr << "TLS server: " << problem << std::endl;
        return 3;
    }
    Ptr<lpwa::TlsServer> tls = CreateObject<lpwa::TlsServer>();
    tls->SetAttribute("Port", UintegerValue(443));
    tls->SetConfig(config);
    tls->AssignStreams(1000000);
    remote.Get(0)->AddApplication(tls);

    // The module on the UE node; its stack is the UE's.
    lpwa::LpwaModuleHelper modules;
    modules.SetModuleAttribute("Profile", StringValue("BG95-M3"));
    Ptr<lpwa::LpwaModule> module = modules.Install(ue.Get(0));
    module->GetResolver()->SetServer(server);
    lpwa::LpwaModuleHelper::AssignStreams({module}, 0);

    lpwa::AtScript script;
    std::istringstream text(kScript);
    std::string error;
    if (!script.Parse(text, ".", error))
    {
        std::cerr << "script " << error << std::endl;
        return 3;
    }
    Ptr<lpwa::AtScriptRunner> runner = CreateObject<lpwa::AtScriptRunner>();
    runner->SetUart(module->GetAtEngine()->GetUart());
    runner->SetScript(script);
    bool ok = false;
    std::string failure;
    runner->SetFinishedCallback(
        [&ok, &failure](bool success, const std::string& message)
        {
            ok = success;
            failure = message;
            Simulator::Stop();
        });
    runner->Start(Seconds(0));
    Simulator::Stop(Seconds(120));
    Simulator::Run();
    runner->FlushTranscript();
    for (const auto& line : runner->GetTranscript().GetLines())
    {
        std::cout << lpwa::AtTranscript::Format(line) << "\n";
    }
    std::cout.flush();
    if (!runner->IsFinished())
    {
        failure = "the simulation ended before the script did";
    }
    runner->Dispose();
    module->Dispose();
    Simulator::Destroy();
    if (!ok)
    {
        std::cerr << failure << std::endl;
        return 1;
    }
    return 0;
}
