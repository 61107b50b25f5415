// SPDX-License-Identifier: AGPL-3.0-or-later
#include "TrendChart.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace smmo::admin {

TrendChart::TrendChart(const QString &title, const QString &unit, QWidget *parent)
    : QWidget(parent), m_title(title), m_unit(unit)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void TrendChart::setSeries(const QList<Series> &series)
{
    m_series = series;
    update();
}

QColor TrendChart::colorFor(int index)
{
    static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                                     QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                                     QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                     QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f)};
    return palette[index % 8];
}

double TrendChart::niceMaximum(double value)
{
    if (value <= 0)
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0})
        if (value <= step * power)
            return step * power;
    return 10 * power;
}

void TrendChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    painter.fillRect(rect(), pal.base());
    const QFontMetrics metrics(font());
    const int line = metrics.height();

    painter.setPen(pal.text().color());
    painter.drawText(QRect(8, 4, width() - 16, line), Qt::AlignLeft | Qt::AlignVCenter,
                     m_unit.isEmpty() ? m_title : QStringLiteral("%1 (%2)").arg(m_title, m_unit));

    double newest = 0;
    double top = 0;
    bool any = false;
    for (const Series &series : m_series)
        for (const QPointF &point : series.points) {
            newest = any ? qMax(newest, point.x()) : point.x();
            any = true;
        }
    for (const Series &series : m_series)
        for (const QPointF &point : series.points)
            if (point.x() >= newest - m_windowSeconds)
                top = qMax(top, point.y());
    top = niceMaximum(top);
    // The axis spans the data (at least 10 s) up to the window: a new chart is not a thin line at
    // its right edge.
    double oldest = newest;
    for (const Series &series : m_series)
        for (const QPointF &point : series.points)
            oldest = qMin(oldest, point.x());
    const double window = qBound(10.0, newest - oldest, m_windowSeconds);

    const QString topText = QLocale().toString(top, 'g', 4);
    const int axisWidth = metrics.horizontalAdvance(topText) + 12;

    // The legend: a coloured square and the (elided) name per series, in as many rows as needed,
    // three at most; what does not fit is counted.
    struct Entry
    {
        QPointF at;
        QString name;
        int series;
    };
    QList<Entry> legend;
    const double legendLeft = axisWidth;
    const double legendRight = width() - 10;
    int rows = m_series.isEmpty() ? 0 : 1;
    double x = legendLeft;
    qsizetype shown = 0;
    for (; shown < m_series.size(); ++shown) {
        const QString name = metrics.elidedText(m_series.at(shown).name, Qt::ElideMiddle, 220);
        const double entryWidth = line + metrics.horizontalAdvance(name) + 14;
        if (x + entryWidth > legendRight && x > legendLeft) {
            if (rows == 3)
                break;
            ++rows;
            x = legendLeft;
        }
        legend.append({QPointF(x, rows - 1), name, int(shown)});
        x += entryWidth;
    }
    const int legendHeight = rows * (line + 2);
    const QRectF plot(axisWidth, line + 10, width() - axisWidth - 10,
                      height() - line - 16 - legendHeight - line);
    if (plot.width() < 20 || plot.height() < 20)
        return;

    painter.setPen(QPen(pal.mid().color(), 0));
    painter.drawRect(plot);
    painter.setPen(QPen(pal.midlight().color(), 0, Qt::DotLine));
    painter.drawLine(QPointF(plot.left(), plot.center().y()), QPointF(plot.right(), plot.center().y()));
    painter.setPen(pal.text().color());
    painter.drawText(QRectF(0, plot.top() - line / 2.0, axisWidth - 4, line),
                     Qt::AlignRight | Qt::AlignVCenter, topText);
    painter.drawText(QRectF(0, plot.bottom() - line / 2.0, axisWidth - 4, line),
                     Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));
    painter.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), line), Qt::AlignLeft | Qt::AlignTop,
                     tr("-%1 s").arg(int(window)));
    painter.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), line),
                     Qt::AlignRight | Qt::AlignTop, tr("now"));

    if (!any) {
        painter.setPen(pal.placeholderText().color());
        painter.drawText(plot, Qt::AlignCenter, tr("No running zone yet"));
        return;
    }

    painter.save();
    painter.setClipRect(plot.adjusted(-1, -2, 1, 1));
    for (qsizetype i = 0; i < m_series.size(); ++i) {
        QPainterPath path;
        bool started = false;
        for (const QPointF &point : m_series.at(i).points) {
            const double px = plot.right() - (newest - point.x()) / window * plot.width();
            const double py = plot.bottom() - point.y() / top * plot.height();
            if (started) {
                path.lineTo(px, py);
            } else {
                path.moveTo(px, py);
                started = true;
            }
        }
        painter.setPen(QPen(colorFor(int(i)), 1.8));
        painter.drawPath(path);
    }
    painter.restore();

    const double legendTop = height() - legendHeight - 2;
    for (const Entry &entry : std::as_const(legend)) {
        const double y = legendTop + entry.at.y() * (line + 2);
        painter.fillRect(QRectF(entry.at.x(), y + 2, line - 4, line - 4), colorFor(entry.series));
        painter.setPen(pal.text().color());
        painter.drawText(QPointF(entry.at.x() + line, y + metrics.ascent()), entry.name);
    }
    if (shown < m_series.size()) {
        painter.setPen(pal.text().color());
        painter.drawText(
            QRectF(legendLeft, legendTop + (rows - 1) * (line + 2), legendRight - legendLeft, line),
            Qt::AlignRight | Qt::AlignVCenter, tr("+%1 more").arg(m_series.size() - shown));
    }
}

} // namespace smmo::admin
