/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-module.h"

#include "ns3/abort.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/object-vector.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaModule");
NS_OBJECT_ENSURE_REGISTERED(LpwaModule);

TypeId
LpwaModule::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::LpwaModule")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<LpwaModule>()
            .AddAttribute(
                "Profile",
                "The modelled module, by profile name (e.g. BG95-M3, BG77).",
                StringValue("BG95-M3"),
                MakeStringAccessor(&LpwaModule::SetProfileName, &LpwaModule::GetProfileName),
                MakeStringChecker())
            .AddAttribute("AtEngine",
                          "The module's AT engine (read-only; configure it through its own "
                          "attributes, e.g. .../AtEngine/ProcessingTime).",
                          TypeId::ATTR_GET,
                          PointerValue(),
                          MakePointerAccessor(&LpwaModule::GetAtEngine),
                          MakePointerChecker<AtEngine>())
            .AddAttribute("Clock",
                          "The module's real-time clock (read-only).",
                          TypeId::ATTR_GET,
                          PointerValue(),
                          MakePointerAccessor(&LpwaModule::GetClock),
                          MakePointerChecker<ModuleClock>())
            .AddAttribute("FileSystem",
                          "The module's file system (read-only).",
                          TypeId::ATTR_GET,
                          PointerValue(),
                          MakePointerAccessor(&LpwaModule::GetFileSystem),
                          MakePointerChecker<ModuleFileSystem>())
            .AddAttribute("Resolver",
                          "The module's DNS resolver (read-only).",
                          TypeId::ATTR_GET,
                          PointerValue(),
                          MakePointerAccessor(&LpwaModule::GetResolver),
                          MakePointerChecker<DnsResolver>())
            .AddAttribute("Mcu",
                          "The module's MCU (read-only): one core shared by every TLS handshake.",
                          TypeId::ATTR_GET,
                          PointerValue(),
                          MakePointerAccessor(&LpwaModule::GetMcu),
                          MakePointerChecker<ComputeResource>())
            .AddAttribute("CryptoCost",
                          "Crypto costs of the profile's MCU class (read-only pointer; its "
                          "attributes can be set).",
                          TypeId::ATTR_GET,
                          PointerValue(),
                          MakePointerAccessor(&LpwaModule::GetCryptoCostModel),
                          MakePointerChecker<CryptoCostModel>())
            .AddAttribute("McuSpeed",
                          "Speed bracket of the MCU's crypto costs, for sensitivity studies "
                          "(CryptoCostModel Speed): Slow (elliptic-curve operations 4x, an "
                          "mbedTLS without MBEDTLS_ECP_NIST_OPTIM), Nominal (the profile's MCU "
                          "class) or Fast (mdm9205-a7: its Cortex-A7 at 800 MHz, 0.15x; "
                          "cortex-m4-120mhz: 0.5x, assumption).",
                          EnumValue(CryptoCostModel::NOMINAL),
                          MakeEnumAccessor(&LpwaModule::SetMcuSpeed, &LpwaModule::GetMcuSpeed),
                          CryptoCostModel::MakeSpeedChecker())
            .AddAttribute("BootTime",
                          "From power-on (PowerOn(), AT+CFUN=1,1) to the first boot URC (RDY), "
                          "when the module answers again. An assumption: the manuals at hand "
                          "give no figure.",
                          TimeValue(Seconds(2.5)),
                          MakeTimeAccessor(&LpwaModule::m_bootTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("AppReadyTime",
                          "From RDY to APP RDY (Quectel). An assumption: the manuals at hand "
                          "give no figure.",
                          TimeValue(Seconds(2.5)),
                          MakeTimeAccessor(&LpwaModule::m_appReadyTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("CommandSets",
                          "The command sets of the module's dialect, in the order they were "
                          "added (read-only; e.g. .../CommandSets/*/"
                          "$ns3::lpwa::QuectelNetworkCommands/ActivationTime).",
                          TypeId::ATTR_GET,
                          ObjectVectorValue(),
                          MakeObjectVectorAccessor(&LpwaModule::m_commandSets),
                          MakeObjectVectorChecker<AtCommandSet>())
            .AddTraceSource("PdpDeactivated",
                            "A PDP context was deactivated: context ID, by the network?",
                            MakeTraceSourceAccessor(&LpwaModule::m_pdpDeactivated),
                            "ns3::lpwa::LpwaModule::PdpDeactivatedTracedCallback");
    return tid;
}

LpwaModule::LpwaModule()
{
    NS_LOG_FUNCTION(this);
    m_engine = CreateObject<AtEngine>();
    m_clock = CreateObject<ModuleClock>();
    m_fileSystem = CreateObject<ModuleFileSystem>();
    m_resolver = CreateObject<DnsResolver>();
    m_mcu = CreateObject<ComputeResource>();
}

LpwaModule::~LpwaModule()
{
    NS_LOG_FUNCTION(this);
}

void
LpwaModule::SetProfileName(const std::string& name)
{
    const ModuleProfile* profile = ModuleProfile::Find(name);
    if (!profile)
    {
        std::string known;
        for (const auto& n : ModuleProfile::GetNames())
        {
            known += (known.empty() ? "" : ", ") + n;
        }
        NS_FATAL_ERROR("ns3::lpwa::LpwaModule attribute Profile: unknown module \""
                       << name << "\" (known: " << known << ")");
    }
    if (m_initialized && profile != m_profile)
    {
        NS_FATAL_ERROR("ns3::lpwa::LpwaModule attribute Profile: cannot change to \""
                       << name << "\" after the module was initialized");
    }
    m_profile = profile;
    m_cryptoCost = CryptoCostModel::CreateForMcuClass(profile->GetMcuClass());
    m_cryptoCost->SetAttribute("Speed", EnumValue(m_mcuSpeed));
    m_pdp.assign(profile->GetPdpContextIdMax() - profile->GetPdpContextIdMin() + 1, PdpContext());
    m_engine->SetAttribute("MaxLineLength", UintegerValue(profile->GetMaxCommandLineLength()));
    m_engine->SetAttribute("ProcessingTime", TimeValue(profile->GetCommandProcessingTime()));
    m_engine->SetAttribute("Model", StringValue(profile->GetName()));
    // No real firmware string is modelled: the revision names the model and the simulator.
    m_engine->SetAttribute("Revision", StringValue(profile->GetName() + " lpwa-modem"));
    m_engine->SetAttribute("Manufacturer",
                           StringValue(profile->GetDialect() == ModuleProfile::Dialect::QUECTEL
                                           ? "Quectel"
                                           : "China Mobile IoT"));
}

void
LpwaModule::SetMcuSpeed(CryptoCostModel::Speed speed)
{
    m_mcuSpeed = speed;
    if (m_cryptoCost)
    {
        m_cryptoCost->SetAttribute("Speed", EnumValue(speed));
    }
}

CryptoCostModel::Speed
LpwaModule::GetMcuSpeed() const
{
    return m_mcuSpeed;
}

std::string
LpwaModule::GetProfileName() const
{
    return m_profile ? m_profile->GetName() : std::string();
}

void
LpwaModule::SetNode(Ptr<Node> node)
{
    m_node = node;
    m_resolver->SetNode(node);
}

Ptr<Node>
LpwaModule::GetNode() const
{
    return m_node;
}

void
LpwaModule::AttachUart(Ptr<UartChannel> uart)
{
    m_engine->Attach(uart);
}

Ptr<AtEngine>
LpwaModule::GetAtEngine() const
{
    return m_engine;
}

Ptr<ModuleClock>
LpwaModule::GetClock() const
{
    return m_clock;
}

Ptr<ModuleFileSystem>
LpwaModule::GetFileSystem() const
{
    return m_fileSystem;
}

Ptr<DnsResolver>
LpwaModule::GetResolver() const
{
    return m_resolver;
}

Ptr<ComputeResource>
LpwaModule::GetMcu() const
{
    return m_mcu;
}

Ptr<CryptoCostModel>
LpwaModule::GetCryptoCostModel() const
{
    return m_cryptoCost;
}

const ModuleProfile&
LpwaModule::GetProfile() const
{
    return *m_profile;
}

PdpContext*
LpwaModule::GetPdpContext(uint32_t cid)
{
    if (cid < m_profile->GetPdpContextIdMin() || cid > m_profile->GetPdpContextIdMax())
    {
        return nullptr;
    }
    return &m_pdp[cid - m_profile->GetPdpContextIdMin()];
}

void
LpwaModule::NotifyPdpDeactivated(uint32_t cid, bool byNetwork)
{
    NS_LOG_FUNCTION(this << cid << byNetwork);
    m_pdpDeactivated(cid, byNetwork);
}

LpwaModule::TcpIpConfig&
LpwaModule::GetTcpIpConfig()
{
    return m_tcpIp;
}

void
LpwaModule::SetLastError(uint32_t code)
{
    m_lastError = code;
}

uint32_t
LpwaModule::GetLastError() const
{
    return m_lastError;
}

void
LpwaModule::AddCommandSet(Ptr<AtCommandSet> set)
{
    m_commandSets.push_back(set);
    if (m_initialized)
    {
        set->Install(this);
    }
}

void
LpwaModule::PowerOff()
{
    NS_LOG_FUNCTION(this);
    if (!m_powered && !m_booting)
    {
        return;
    }
    m_bootEvent.Cancel();
    m_booting = false;
    m_powered = false;
    m_engine->PowerOff();
    for (auto it = m_commandSets.rbegin(); it != m_commandSets.rend(); ++it)
    {
        (*it)->PowerOff();
    }
    m_resolver->Abandon();
    m_tcpIp = TcpIpConfig();
    m_lastError = 0;
}

void
LpwaModule::PowerOn(uint8_t fun)
{
    NS_LOG_FUNCTION(this << int(fun));
    if (m_powered || m_booting)
    {
        return;
    }
    m_booting = true;
    m_bootFun = fun;
    m_bootEvent =
        Simulator::Schedule(m_bootTime,
                            [this, fun]()
                            {
                                m_booting = false;
                                m_powered = true;
                                m_engine->PowerOn();
                                for (auto& set : m_commandSets)
                                {
                                    set->PowerOn();
                                }
                                if (GetProfile().GetDialect() == ModuleProfile::Dialect::QUECTEL)
                                {
                                    for (const std::string& urc : {std::string("RDY"),
                                                                   "+CFUN: " + std::to_string(fun),
                                                                   std::string("+CPIN: READY"),
                                                                   std::string("+QUSIM: 1"),
                                                                   std::string("+QIND: SMS DONE")})
                                    {
                                        m_engine->SendUrc(urc);
                                    }
                                    m_bootEvent =
                                        Simulator::Schedule(m_appReadyTime,
                                                            [this]()
                                                            {
                                                                m_engine->SendUrc("APP RDY");
                                                            });
                                }
                                else
                                {
                                    // OneMO: +MATREADY, the boot URC esp-ml307's driver handles.
                                    m_engine->SendUrc("+MATREADY");
                                }
                            });
}

void
LpwaModule::Restart(uint8_t fun)
{
    PowerOff();
    PowerOn(fun);
}

bool
LpwaModule::IsPoweredOn() const
{
    return m_powered;
}

uint8_t
LpwaModule::GetBootFunctionality() const
{
    return m_bootFun;
}

int64_t
LpwaModule::AssignStreams(int64_t stream)
{
    int64_t used = 0;
    for (auto& set : m_commandSets)
    {
        used += set->AssignStreams(stream + used);
    }
    return used;
}

void
LpwaModule::DoInitialize()
{
    NS_LOG_FUNCTION(this);
    m_initialized = true;
    for (auto& set : m_commandSets)
    {
        set->Install(this);
    }
    Object::DoInitialize();
}

void
LpwaModule::DoDispose()
{
    for (auto& set : m_commandSets)
    {
        set->Dispose();
    }
    m_bootEvent.Cancel();
    m_commandSets.clear();
    m_engine->Dispose();
    m_clock->Dispose();
    m_fileSystem->Dispose();
    m_resolver->Dispose();
    m_mcu->Dispose();
    m_cryptoCost = nullptr;
    m_node = nullptr;
    Object::DoDispose();
}

} // namespace lpwa
} // namespace ns3
