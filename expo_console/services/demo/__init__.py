"""The demo event (the 2022 Smart Biz Expo) and simulated expo days."""
