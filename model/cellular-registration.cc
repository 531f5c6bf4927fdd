/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cellular-registration.h"

#include "lpwa-module.h"
#include "module-clock.h"
#include "radio-cell-net-device.h"
#include "radio-ue-net-device.h"

#include "ns3/boolean.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaCellularRegistration");
NS_OBJECT_ENSURE_REGISTERED(CellularRegistration);

namespace
{

/// Unit lengths in seconds of TS 24.008 GPRS Timer 2 (10.5.7.4) by unit code (111: deactivated).
const std::vector<int64_t> kTimer2Units = {2, 60, 360};
/// The same for GPRS Timer 3 (10.5.7.4a).
const std::vector<int64_t> kTimer3Units = {600, 3600, 36000, 2, 30, 60, 1152000};

} // namespace

TypeId
CellularRegistration::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::CellularRegistration")
            .SetParent<AtCommandSet>()
            .SetGroupName("LpwaModem")
            .AddConstructor<CellularRegistration>()
            .AddAttribute("RegistrationTime",
                          "Stand-in for the radio model: time after the start of the simulation "
                          "when the module registers (+CEREG stat 1) and attaches to packet "
                          "service by itself.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&CellularRegistration::m_registrationTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("AttachTime",
                          "Stand-in: time AT+CGATT=1 takes to attach when detached.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&CellularRegistration::m_attachTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("AccessTechnology",
                          "<AcT> reported by +CEREG with <n>=2 (7 E-UTRAN, 8 E-UTRAN eMTC, "
                          "9 E-UTRAN NB-S1).",
                          UintegerValue(7),
                          MakeUintegerAccessor(&CellularRegistration::m_accessTechnology),
                          MakeUintegerChecker<uint8_t>(0, 9))
            .AddAttribute("AttachTimeout",
                          "With a radio device: how long AT+CGATT=1 waits for the attach "
                          "before +CME ERROR: 30 (the Quectel AT manuals' maximum response "
                          "time of AT+CGATT, 140 s).",
                          TimeValue(Seconds(140)),
                          MakeTimeAccessor(&CellularRegistration::m_cgattTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("NetworkTime",
                          "With a radio device: the network's clock (NITZ) at simulation time "
                          "0 as a +CCLK string (\"yy/MM/dd,hh:mm:ss+zz\"), given to the module "
                          "clock on each attach unless AT+CTZU=0; empty: the network sends no "
                          "time.",
                          StringValue(""),
                          MakeStringAccessor(&CellularRegistration::m_networkTime),
                          MakeStringChecker())
            .AddAttribute("NitzUpdate",
                          "Initial AT+CTZU setting: take the network's time (true) or not.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&CellularRegistration::m_nitzUpdate),
                          MakeBooleanChecker());
    return tid;
}

CellularRegistration::CellularRegistration()
    : m_alive(std::make_shared<bool>(true))
{
    NS_LOG_FUNCTION(this);
}

CellularRegistration::~CellularRegistration()
{
    NS_LOG_FUNCTION(this);
}

void
CellularRegistration::DoDispose()
{
    m_registrationEvent.Cancel();
    m_attachTimeout.Cancel();
    m_findDevice.Cancel();
    *m_alive = false;
    if (m_device)
    {
        m_device->TraceDisconnectWithoutContext(
            "StateTransition",
            MakeCallback(&CellularRegistration::OnDeviceState, this));
        m_device->TraceDisconnectWithoutContext(
            "ServiceLost",
            MakeCallback(&CellularRegistration::OnServiceLost, this));
        m_device->TraceDisconnectWithoutContext(
            "AttachFailed",
            MakeCallback(&CellularRegistration::OnAttachFailed, this));
        m_device = nullptr;
    }
    m_onNetworkDetach = nullptr;
    for (auto& e : m_pending)
    {
        e.Cancel();
    }
    m_pending.clear();
    m_onDetach = nullptr;
    m_module = nullptr;
    AtCommandSet::DoDispose();
}

std::string
CellularRegistration::ToText(Ipv4Address address)
{
    std::ostringstream os;
    address.Print(os);
    return os.str();
}

void
CellularRegistration::Install(Ptr<LpwaModule> module)
{
    NS_LOG_FUNCTION(this);
    m_module = module;
    Ptr<AtEngine> e = module->GetAtEngine();
    auto reg =
        [this, e](const std::string& name, void (CellularRegistration::*fn)(const AtCommand&))
    {
        e->RegisterCommand(name,
                           [this, fn](const AtCommand& c)
                           {
                               (this->*fn)(c);
                           });
    };
    reg("+CGATT", &CellularRegistration::Cgatt);
    const std::pair<const char*, RegistrationKind> reports[] = {{"+CREG", CS},
                                                                {"+CGREG", GPRS},
                                                                {"+CEREG", EPS}};
    for (const auto& [name, kind] : reports)
    {
        e->RegisterCommand(name,
                           [this, kind = kind](const AtCommand& c)
                           {
                               RegistrationCommand(c, kind);
                           });
    }
    reg("+CTZR", &CellularRegistration::Ctzr);
    reg("+CPSMS", &CellularRegistration::Cpsms);
    reg("+CEDRXS", &CellularRegistration::Cedrxs);
    reg("+CGPADDR", &CellularRegistration::Cgpaddr);
    reg("+CTZU", &CellularRegistration::Ctzu);
    const Time now = Simulator::Now();
    m_registrationEvent =
        Simulator::Schedule(m_registrationTime > now ? m_registrationTime - now : Time(0),
                            &CellularRegistration::Register,
                            this);
    // The radio device may be installed after the module: look again before anything runs.
    FindRadioDevice();
    if (!m_device)
    {
        m_findDevice = Simulator::ScheduleNow(&CellularRegistration::FindRadioDevice, this);
    }
}

void
CellularRegistration::FindRadioDevice()
{
    if (m_device || !m_module || !m_module->GetNode())
    {
        return;
    }
    Ptr<Node> node = m_module->GetNode();
    for (uint32_t i = 0; i < node->GetNDevices(); ++i)
    {
        Ptr<RadioUeNetDevice> device = DynamicCast<RadioUeNetDevice>(node->GetDevice(i));
        if (device)
        {
            BindRadioDevice(device);
            return;
        }
    }
}

void
CellularRegistration::BindRadioDevice(Ptr<RadioUeNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    m_device = device;
    m_registrationEvent.Cancel();
    m_device->TraceConnectWithoutContext("StateTransition",
                                         MakeCallback(&CellularRegistration::OnDeviceState, this));
    m_device->TraceConnectWithoutContext("ServiceLost",
                                         MakeCallback(&CellularRegistration::OnServiceLost, this));
    m_device->TraceConnectWithoutContext("AttachFailed",
                                         MakeCallback(&CellularRegistration::OnAttachFailed, this));
    if (!m_radioEnabled)
    {
        m_device->Detach();
    }
    m_registered = m_device->IsRegistered();
    m_attached = m_registered;
    m_reportedStat = GetStat();
}

Ptr<RadioUeNetDevice>
CellularRegistration::GetRadioDevice() const
{
    return m_device;
}

void
CellularRegistration::SetNetworkDetachCallback(std::function<void()> cb)
{
    m_onNetworkDetach = std::move(cb);
}

void
CellularRegistration::RunActivationSignalling(Time standIn, std::function<void(bool)> done)
{
    std::shared_ptr<bool> alive = m_alive;
    auto guarded = [alive, done](bool ok)
    {
        if (*alive)
        {
            done(ok);
        }
    };
    if (m_device)
    {
        m_device->RequestSessionSignalling(guarded);
        return;
    }
    m_pending.push_back(Simulator::Schedule(standIn,
                                            [guarded]()
                                            {
                                                guarded(true);
                                            }));
}

uint32_t
CellularRegistration::GetStat() const
{
    if (m_registered)
    {
        return 1;
    }
    if (!m_device)
    {
        return m_radioEnabled ? 2 : 0;
    }
    if (!m_radioEnabled || m_hostDetached)
    {
        return 0;
    }
    return m_searching || m_device->GetState() == RadioUeNetDevice::ATTACHING ? 2 : 0;
}

void
CellularRegistration::ReportStat()
{
    const uint32_t stat = GetStat();
    if (stat == m_reportedStat)
    {
        return;
    }
    m_reportedStat = stat;
    SendRegistrationUrcs();
}

void
CellularRegistration::SendRegistrationUrcs()
{
    static const char* const names[] = {"+CREG: ", "+CGREG: ", "+CEREG: "};
    for (RegistrationKind kind : {CS, GPRS, EPS})
    {
        if (m_regModes[kind] >= 1)
        {
            m_module->GetAtEngine()->SendUrc(names[kind] + RegistrationLine(kind));
        }
    }
}

bool
CellularRegistration::GetNetworkTime(int64_t& utcAtReceipt, int32_t& zone, Time& receivedAt) const
{
    if (m_nitzReceived.IsNegative() || !ModuleClock::Parse(m_networkTime, utcAtReceipt, zone))
    {
        return false;
    }
    utcAtReceipt += static_cast<int64_t>(m_nitzReceived.GetSeconds());
    receivedAt = m_nitzReceived;
    return true;
}

void
CellularRegistration::SendTimeZoneUrc()
{
    int64_t utc = 0;
    int32_t zone = 0;
    Time receivedAt;
    if (m_ctzrMode == 0 || !GetNetworkTime(utc, zone, receivedAt))
    {
        return;
    }
    const std::string local = ModuleClock::FormatFullYear(utc, zone);
    const std::string tz = local.substr(19);
    Ptr<AtEngine> e = m_module->GetAtEngine();
    switch (m_ctzrMode)
    {
        case 1:
            e->SendUrc("+CTZV: \"" + tz + "\"");
            break;
        case 2:
            e->SendUrc("+CTZE: \"" + tz + "\",0,\"" + local.substr(0, 19) + "\"");
            break;
        default:
            e->SendUrc("+CTZEU: \"" + tz + "\",0,\"" +
                       ModuleClock::FormatFullYear(utc, 0).substr(0, 19) + "\"");
            break;
    }
}

void
CellularRegistration::OnDeviceState(RadioUeNetDevice::State /* from */, RadioUeNetDevice::State to)
{
    NS_LOG_FUNCTION(this << RadioUeNetDevice::GetStateName(to));
    const bool registered = m_device->IsRegistered();
    if (registered && !m_registered)
    {
        m_registered = true;
        m_attached = true;
        m_searching = false;
        m_nitzReceived = m_networkTime.empty() ? Time(-1) : Simulator::Now();
        ApplyNetworkTime();
        ReportStat();
        SendTimeZoneUrc();
        FinishAttachCommand(true);
        return;
    }
    if (!registered && m_registered)
    {
        m_registered = false;
        m_attached = false;
        if (!m_hostDetached && m_radioEnabled && m_onNetworkDetach)
        {
            m_onNetworkDetach();
        }
    }
    ReportStat();
}

void
CellularRegistration::OnServiceLost()
{
    m_searching = true;
    ReportStat();
}

void
CellularRegistration::OnAttachFailed()
{
    Ptr<RadioCellNetDevice> cell = m_device->GetCell();
    if (!cell || cell->IsAvailable())
    {
        m_searching = false; // the device does not try again by itself
        FinishAttachCommand(false);
    }
    ReportStat();
}

void
CellularRegistration::FinishAttachCommand(bool ok)
{
    if (!m_attachCommand)
    {
        return;
    }
    m_attachCommand = false;
    m_attachTimeout.Cancel();
    Ptr<AtEngine> e = m_module->GetAtEngine();
    if (ok)
    {
        e->FinishOk();
    }
    else
    {
        e->FinishCmeError(30); // no network service
    }
}

void
CellularRegistration::ApplyNetworkTime()
{
    if (m_networkTime.empty() || !m_nitzUpdate)
    {
        return;
    }
    int64_t seconds = 0;
    int32_t zone = 0;
    if (!ModuleClock::Parse(m_networkTime, seconds, zone))
    {
        NS_FATAL_ERROR("ns3::lpwa::CellularRegistration: attribute NetworkTime: \""
                       << m_networkTime << "\" is not a +CCLK time \"yy/MM/dd,hh:mm:ss+zz\"");
    }
    m_module->GetClock()->SetUnixTime(seconds + static_cast<int64_t>(Simulator::Now().GetSeconds()),
                                      zone);
}

void
CellularRegistration::Ctzu(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    int64_t onoff;
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+CTZU: (0,1)");
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::READ)
    {
        e->SendInfo(std::string("+CTZU: ") + (m_nitzUpdate ? "1" : "0"));
        e->FinishOk();
        return;
    }
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !c.GetParameter(0).GetInteger(onoff, 0, 1))
    {
        e->FinishError();
        return;
    }
    m_nitzUpdate = onoff == 1;
    e->FinishOk();
}

void
CellularRegistration::PowerOff()
{
    NS_LOG_FUNCTION(this);
    for (auto& event : m_pending)
    {
        event.Cancel();
    }
    m_pending.clear();
    m_attachTimeout.Cancel();
    m_attachCommand = false;
    SetRadioEnabled(false);
    m_regModes[CS] = m_regModes[GPRS] = m_regModes[EPS] = 0;
    m_ctzrMode = 0;
    // AT+CPSMS and AT+CEDRXS settings are saved by the modules (an assumption); the device
    // keeps the timers it was given.
    m_reportedStat = GetStat();
}

void
CellularRegistration::PowerOn()
{
    NS_LOG_FUNCTION(this);
    SetRadioEnabled(m_module->GetBootFunctionality() == 1); // AT+CFUN=0/4,1 boot with it off
}

void
CellularRegistration::SetDetachCallback(std::function<void()> cb)
{
    m_onDetach = std::move(cb);
}

void
CellularRegistration::Register()
{
    NS_LOG_FUNCTION(this);
    if (m_registered || !m_radioEnabled)
    {
        return;
    }
    m_registered = true;
    m_attached = true;
    SendRegistrationUrcs();
}

void
CellularRegistration::SetRadioEnabled(bool enabled)
{
    NS_LOG_FUNCTION(this << enabled);
    if (enabled == m_radioEnabled)
    {
        return;
    }
    m_radioEnabled = enabled;
    m_registrationEvent.Cancel();
    if (m_device)
    {
        if (enabled)
        {
            m_hostDetached = false;
            m_device->Attach();
            ReportStat();
            return;
        }
        FinishAttachCommand(false);
        m_hostDetached = true;
        m_searching = false;
        if (m_onDetach)
        {
            m_onDetach();
        }
        m_device->Detach();
        m_registered = false;
        m_attached = false;
        ReportStat();
        return;
    }
    if (enabled)
    {
        m_registrationEvent =
            Simulator::Schedule(m_registrationTime, &CellularRegistration::Register, this);
        return;
    }
    if (m_onDetach)
    {
        m_onDetach();
    }
    m_attached = false;
    if (m_registered)
    {
        m_registered = false;
        SendRegistrationUrcs();
    }
}

bool
CellularRegistration::IsRadioEnabled() const
{
    return m_radioEnabled;
}

bool
CellularRegistration::IsRegistered() const
{
    return m_registered;
}

bool
CellularRegistration::IsAttached() const
{
    return m_attached;
}

std::string
CellularRegistration::RegistrationLine(RegistrationKind kind) const
{
    // <stat>: 1 registered (home), 2 searching, 0 not searching (radio off). With <n> 2 or
    // more fixed stand-in location values; with 4/5 (+CEREG) the PSM timers the device has.
    const uint8_t n = m_regModes[kind];
    std::string line = std::to_string(GetStat());
    if (n >= 2 && m_registered)
    {
        uint32_t act = m_accessTechnology;
        if (m_device && m_device->GetCell())
        {
            act = m_device->GetCell()->GetTechnology().GetAccessTechnology();
        }
        line += ",\"0001\",\"01A2D001\"," + std::to_string(act);
        BooleanValue psm(false);
        if (m_device)
        {
            m_device->GetAttribute("PsmEnabled", psm);
        }
        if (kind == EPS && n >= 4 && psm.Get())
        {
            TimeValue t3324;
            TimeValue t3412;
            m_device->GetAttribute("T3324", t3324);
            m_device->GetAttribute("T3412", t3412);
            line += ",,,\"" + EncodeGprsTimer(t3324.Get(), false) + "\",\"" +
                    EncodeGprsTimer(t3412.Get(), true) + "\"";
        }
    }
    return line;
}

std::string
CellularRegistration::EncodeGprsTimer(Time t, bool timer3)
{
    // {unit bits, unit length in seconds}, finest first.
    auto byLength = [](const std::vector<int64_t>& lengths)
    {
        std::vector<std::pair<uint8_t, int64_t>> units;
        for (uint8_t code = 0; code < lengths.size(); ++code)
        {
            units.emplace_back(code, lengths[code]);
        }
        std::sort(units.begin(),
                  units.end(),
                  [](const auto& a, const auto& b)
                  {
                      return a.second < b.second;
                  });
        return units;
    };
    static const std::vector<std::pair<uint8_t, int64_t>> timer2Units = byLength(kTimer2Units);
    static const std::vector<std::pair<uint8_t, int64_t>> timer3Units = byLength(kTimer3Units);
    const auto& units = timer3 ? timer3Units : timer2Units;
    const int64_t seconds = static_cast<int64_t>(std::ceil(t.GetSeconds()));
    auto bits = [](uint8_t unit, int64_t value)
    {
        std::string text;
        const uint32_t octet = (uint32_t(unit) << 5) | uint32_t(value);
        for (int b = 7; b >= 0; --b)
        {
            text += (octet >> b) & 1 ? '1' : '0';
        }
        return text;
    };
    if (seconds <= 0)
    {
        return timer3 ? bits(7, 0) : bits(0, 0);
    }
    for (auto it = units.rbegin(); it != units.rend(); ++it)
    {
        if (seconds % it->second == 0 && seconds / it->second <= 31)
        {
            return bits(it->first, seconds / it->second);
        }
    }
    for (const auto& [unit, length] : units)
    {
        const int64_t value = (seconds + length - 1) / length;
        if (value <= 31)
        {
            return bits(unit, value);
        }
    }
    return bits(units.back().first, 31);
}

Ipv4Address
CellularRegistration::GetNodeAddress() const
{
    if (!m_module || !m_module->GetNode())
    {
        return Ipv4Address("0.0.0.0");
    }
    Ptr<Ipv4> ipv4 = m_module->GetNode()->GetObject<Ipv4>();
    if (!ipv4 || ipv4->GetNInterfaces() < 2 || ipv4->GetNAddresses(1) == 0)
    {
        return Ipv4Address("0.0.0.0");
    }
    return ipv4->GetAddress(1, 0).GetLocal();
}

Ipv4Address
CellularRegistration::GetPdpAddress(uint32_t cid) const
{
    PdpContext* pdp = m_module ? m_module->GetPdpContext(cid) : nullptr;
    if (!pdp || !pdp->IsActive())
    {
        return Ipv4Address("0.0.0.0");
    }
    return pdp->GetAddress();
}

std::string
CellularRegistration::CidRange() const
{
    const ModuleProfile& prof = m_module->GetProfile();
    return "(" + std::to_string(prof.GetPdpContextIdMin()) + "-" +
           std::to_string(prof.GetPdpContextIdMax()) + ")";
}

void
CellularRegistration::Cgatt(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    int64_t state;
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+CGATT: (0,1)");
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::READ)
    {
        e->SendInfo(std::string("+CGATT: ") + (m_attached ? "1" : "0"));
        e->FinishOk();
        return;
    }
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !c.GetParameter(0).GetInteger(state, 0, 1))
    {
        e->FinishError();
        return;
    }
    if (state == 0)
    {
        if (m_onDetach)
        {
            m_onDetach();
        }
        m_attached = false;
        if (m_device)
        {
            m_hostDetached = true;
            m_searching = false;
            m_device->Detach();
            m_registered = false;
            ReportStat();
        }
        e->FinishOk();
        return;
    }
    if (m_attached)
    {
        e->FinishOk();
        return;
    }
    if (m_device)
    {
        if (!m_radioEnabled)
        {
            e->FinishCmeError(30); // no network service
            return;
        }
        m_hostDetached = false;
        m_attachCommand = true;
        m_attachTimeout = Simulator::Schedule(m_cgattTimeout,
                                              &CellularRegistration::FinishAttachCommand,
                                              this,
                                              false);
        m_device->Attach(); // nothing if it is attaching already
        ReportStat();
        return;
    }
    m_pending.push_back(Simulator::Schedule(m_attachTime,
                                            [this, e]()
                                            {
                                                if (!m_registered)
                                                {
                                                    e->FinishCmeError(30); // no network service
                                                    return;
                                                }
                                                m_attached = true;
                                                e->FinishOk();
                                            }));
}

void
CellularRegistration::RegistrationCommand(const AtCommand& c, RegistrationKind kind)
{
    static const char* const names[] = {"+CREG: ", "+CGREG: ", "+CEREG: "};
    const int64_t maxMode = kind == CS ? 3 : 5;
    Ptr<AtEngine> e = m_module->GetAtEngine();
    int64_t n;
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo(names[kind] + std::string("(0-") + std::to_string(maxMode) + ")");
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::READ)
    {
        e->SendInfo(names[kind] + std::to_string(m_regModes[kind]) + "," + RegistrationLine(kind));
        e->FinishOk();
        return;
    }
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !c.GetParameter(0).GetInteger(n, 0, maxMode))
    {
        e->FinishError();
        return;
    }
    m_regModes[kind] = static_cast<uint8_t>(n);
    e->FinishOk();
}

bool
CellularRegistration::DecodeGprsTimer(const std::string& bits, bool timer3, Time& t)
{
    if (bits.size() != 8 || bits.find_first_not_of("01") != std::string::npos)
    {
        return false;
    }
    const uint32_t octet = static_cast<uint32_t>(std::stoul(bits, nullptr, 2));
    const uint32_t unit = octet >> 5;
    const int64_t value = octet & 31;
    if (unit == 7)
    {
        t = Seconds(0); // deactivated
        return true;
    }
    const std::vector<int64_t>& lengths = timer3 ? kTimer3Units : kTimer2Units;
    if (unit >= lengths.size())
    {
        return false;
    }
    t = Seconds(value * lengths[unit]);
    return true;
}

void
CellularRegistration::ApplyPowerSaving()
{
    if (!m_device)
    {
        return;
    }
    m_device->SetAttribute("PsmEnabled", BooleanValue(m_psmMode == 1));
    Time t;
    if (m_psmMode == 1 && DecodeGprsTimer(m_requestedTau, true, t))
    {
        m_device->SetAttribute("T3412", TimeValue(t));
    }
    if (m_psmMode == 1 && DecodeGprsTimer(m_requestedActive, false, t))
    {
        m_device->SetAttribute("T3324", TimeValue(t));
    }
    // +CEDRXS <AcT-type>: 5 NB-S1, 4 WB-S1 (LTE-M).
    const uint8_t deviceAct =
        m_device->GetCell() && m_device->GetCell()->GetTechnology().GetAccessTechnology() == 9 ? 5
                                                                                               : 4;
    Time cycle = Seconds(0);
    if ((m_edrxMode == 1 || m_edrxMode == 2) && m_edrxAct == deviceAct)
    {
        uint8_t value = static_cast<uint8_t>(std::stoul(m_edrxValue, nullptr, 2));
        // TS 24.008 10.5.5.32: NB-S1 has no 5.12, 10.24, 61.44, 102.4, 122.88 or 143.36 s;
        // those codes mean 20.48 s.
        if (deviceAct == 5 && (value <= 1 || value == 4 || (value >= 6 && value <= 8)))
        {
            value = 2;
        }
        cycle = RadioUeNetDevice::GetEdrxCycleOfValue(value);
    }
    m_device->SetAttribute("EdrxCycle", TimeValue(cycle));
}

void
CellularRegistration::Cpsms(const AtCommand& c)
{
    // TS 27.007 7.38: +CPSMS=[<mode>[,<RAU>[,<GPRS-READY>[,<TAU>[,<Active-Time>]]]]]. The
    // network grants what is requested (an assumption): mode 1 enables PSM with the timers.
    Ptr<AtEngine> e = m_module->GetAtEngine();
    auto current = [this](const char* attribute, bool timer3, const std::string& requested)
    {
        if (!requested.empty() || !m_device)
        {
            return requested;
        }
        TimeValue t;
        m_device->GetAttribute(attribute, t);
        return EncodeGprsTimer(t.Get(), timer3);
    };
    switch (c.GetForm())
    {
        case AtCommand::TEST:
            e->SendInfo("+CPSMS: (0-2),,,(\"00000000\"-\"11111111\"),(\"00000000\"-\"11111111\")");
            e->FinishOk();
            return;
        case AtCommand::READ:
        {
            const std::string tau = current("T3412", true, m_requestedTau);
            const std::string active = current("T3324", false, m_requestedActive);
            e->SendInfo("+CPSMS: " + std::to_string(m_psmMode) + ",,," +
                        (tau.empty() ? "" : "\"" + tau + "\"") + "," +
                        (active.empty() ? "" : "\"" + active + "\""));
            e->FinishOk();
            return;
        }
        case AtCommand::WRITE:
        case AtCommand::EXECUTE:
        {
            int64_t mode = 0;
            Time t;
            bool ok = c.GetParameterCount() <= 5 &&
                      (c.GetParameter(0).IsOmitted() || c.GetParameter(0).GetInteger(mode, 0, 2));
            for (uint32_t i = 1; ok && i < 5; ++i)
            {
                const AtParameter& p = c.GetParameter(i);
                ok = p.IsOmitted() || (p.IsString() && DecodeGprsTimer(p.GetText(), i != 4, t));
            }
            if (!ok || c.GetForm() == AtCommand::EXECUTE)
            {
                break;
            }
            m_psmMode = static_cast<uint8_t>(mode);
            if (mode == 2)
            {
                m_psmMode = 0; // disable and discard the requested values
                m_requestedTau.clear();
                m_requestedActive.clear();
            }
            if (!c.GetParameter(3).IsOmitted())
            {
                m_requestedTau = c.GetParameter(3).GetText();
            }
            if (!c.GetParameter(4).IsOmitted())
            {
                m_requestedActive = c.GetParameter(4).GetText();
            }
            ApplyPowerSaving();
            e->FinishOk();
            return;
        }
    }
    e->FinishError();
}

void
CellularRegistration::Cedrxs(const AtCommand& c)
{
    // TS 27.007 7.40: +CEDRXS=[<mode>,[,<AcT-type>[,<Requested_eDRX_value>]]]; AcT-type 4
    // E-UTRAN (WB-S1, LTE-M), 5 NB-S1; value a TS 24.008 Table 10.5.5.32 half octet.
    Ptr<AtEngine> e = m_module->GetAtEngine();
    switch (c.GetForm())
    {
        case AtCommand::TEST:
            e->SendInfo("+CEDRXS: (0-3),(4,5),(\"0000\"-\"1111\")");
            e->FinishOk();
            return;
        case AtCommand::READ:
            if ((m_edrxMode == 1 || m_edrxMode == 2) && m_edrxAct != 0)
            {
                e->SendInfo("+CEDRXS: " + std::to_string(m_edrxAct) + ",\"" + m_edrxValue + "\"");
            }
            e->FinishOk();
            return;
        case AtCommand::WRITE:
        {
            int64_t mode = 0;
            int64_t act = m_edrxAct;
            const AtParameter& value = c.GetParameter(2);
            const bool ok =
                c.GetParameterCount() <= 3 && c.GetParameter(0).GetInteger(mode, 0, 3) &&
                (c.GetParameter(1).IsOmitted() || (c.GetParameter(1).GetInteger(act, 4, 5))) &&
                (value.IsOmitted() ||
                 (value.IsString() && value.GetText().size() == 4 &&
                  value.GetText().find_first_not_of("01") == std::string::npos));
            if (!ok || ((mode == 1 || mode == 2) && act == 0))
            {
                break;
            }
            m_edrxMode = static_cast<uint8_t>(mode);
            m_edrxAct = static_cast<uint8_t>(act);
            if (!value.IsOmitted())
            {
                m_edrxValue = value.GetText();
            }
            if (m_edrxValue.empty())
            {
                m_edrxValue = "0010"; // 20.48 s, valid for both AcT types
            }
            if (mode == 3)
            {
                m_edrxMode = 0;
                m_edrxAct = 0;
                m_edrxValue.clear();
            }
            ApplyPowerSaving();
            e->FinishOk();
            if (mode == 2 && m_registered)
            {
                // The network grants the requested value (an assumption); PTW as configured.
                TimeValue ptw(Seconds(0));
                if (m_device)
                {
                    m_device->GetAttribute("PagingTimeWindow", ptw);
                }
                const double step = act == 5 ? 2.56 : 1.28;
                const int ptwValue =
                    std::clamp(static_cast<int>(std::lround(ptw.Get().GetSeconds() / step)) - 1,
                               0,
                               15);
                std::string ptwBits;
                for (int b = 3; b >= 0; --b)
                {
                    ptwBits += (ptwValue >> b) & 1 ? '1' : '0';
                }
                e->SendUrc("+CEDRXP: " + std::to_string(act) + ",\"" + m_edrxValue + "\",\"" +
                           m_edrxValue + "\",\"" + ptwBits + "\"");
            }
            return;
        }
        case AtCommand::EXECUTE:
            break;
    }
    e->FinishError();
}

void
CellularRegistration::Ctzr(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    int64_t reporting;
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+CTZR: (0-3)");
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::READ)
    {
        e->SendInfo("+CTZR: " + std::to_string(m_ctzrMode));
        e->FinishOk();
        return;
    }
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !c.GetParameter(0).GetInteger(reporting, 0, 3))
    {
        e->FinishError();
        return;
    }
    m_ctzrMode = static_cast<uint8_t>(reporting);
    e->FinishOk();
}

void
CellularRegistration::Cgpaddr(const AtCommand& c)
{
    Ptr<AtEngine> e = m_module->GetAtEngine();
    const ModuleProfile& prof = m_module->GetProfile();
    if (c.GetForm() == AtCommand::TEST)
    {
        e->SendInfo("+CGPADDR: " + CidRange());
        e->FinishOk();
        return;
    }
    if (c.GetForm() == AtCommand::EXECUTE)
    {
        for (uint32_t cid = prof.GetPdpContextIdMin(); cid <= prof.GetPdpContextIdMax(); ++cid)
        {
            if (m_module->GetPdpContext(cid)->IsActive())
            {
                e->SendInfo("+CGPADDR: " + std::to_string(cid) + ",\"" +
                            ToText(GetPdpAddress(cid)) + "\"");
            }
        }
        e->FinishOk();
        return;
    }
    int64_t cid;
    if (c.GetForm() != AtCommand::WRITE || c.GetParameterCount() != 1 ||
        !c.GetParameter(0).GetInteger(cid, prof.GetPdpContextIdMin(), prof.GetPdpContextIdMax()))
    {
        e->FinishError();
        return;
    }
    e->SendInfo("+CGPADDR: " + std::to_string(cid) + ",\"" +
                ToText(GetPdpAddress(static_cast<uint32_t>(cid))) + "\"");
    e->FinishOk();
}

} // namespace lpwa
} // namespace ns3
